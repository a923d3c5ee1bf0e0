import { expect } from 'chai';
import { fullNumber, signedPct } from '../../../service/report/format.js';
import { MAIL_PERMANENT } from '../../../service/report/mailer.js';
import { csv, request } from '../../support/service.js';
import { FORECAST_JOB } from '../../../service/jobs/refit-job.js';
import { freePort, startSmtp, type TestSmtp } from '../../support/smtp.js';
import { parseCsv } from './report-fixtures.js';
import {
  loadSeriesAndForecast,
  REPORT,
  reportEnv,
  startReportService,
  TestClock,
  type ReportEnv,
  type ReportService,
} from './report-service.js';

describe('report-sender (service, InfluxDB, SMTP)', () => {
  let env: ReportEnv;
  let smtp: TestSmtp | null;
  let service: ReportService | null;
  const clock = new TestClock(Date.parse('2025-07-04T00:00:00Z'));

  beforeEach(async () => {
    env = await reportEnv([REPORT]);
    smtp = null;
    service = null;
  });
  afterEach(async () => {
    await service?.stop();
    await smtp?.close();
    await env.drop();
  });

  it('emails the numbers the API shows for the same stored run', async () => {
    smtp = await startSmtp();
    service = await startReportService(env, { clock, smtpPort: smtp.port });
    await loadSeriesAndForecast(service);
    const record = await service.reports.sender.sendNow(service.reports.catalog.get('monthly').config);
    expect(record).to.include({ state: 'sent', attempts: 1 });
    const { parsed } = smtp.accepted[0]!;
    const html = String(parsed.html);
    const csv = parseCsv(parsed.attachments.find((a) => a.contentType === 'text/csv')!.content.toString('utf8'));
    const api = (await request(service.url, '/api/v1/forecasts?series=nev_sales,battery_gwh')).body.forecasts as {
      series: string;
      run: string;
      points: {
        month: string;
        point: number;
        lo80: number;
        hi80: number;
        lo95: number;
        hi95: number;
        yoyPct: number | null;
      }[];
    }[];
    const summaries = (await request(service.url, '/api/v1/series')).body.series as {
      id: string;
      unit: string;
      latestValue: number;
      yoyPct: number;
      ytd: { value: number; yoyPct: number };
    }[];
    expect(api).to.have.length(2);
    expect(record.runs).to.deep.equal([...new Set(api.map((f) => f.run))]);
    for (const f of api) {
      const rows = csv.filter((r) => r[0] === f.series && r[4] === 'forecast');
      expect(
        rows.map((r) => ({
          month: r[3],
          point: Number(r[5]),
          lo80: Number(r[6]),
          hi80: Number(r[7]),
          lo95: Number(r[8]),
          hi95: Number(r[9]),
          yoyPct: r[10] === '' ? null : Number(r[10]),
        })),
      ).to.deep.equal(
        f.points.map((p) => ({
          month: p.month,
          point: p.point,
          lo80: p.lo80,
          hi80: p.hi80,
          lo95: p.lo95,
          hi95: p.hi95,
          yoyPct: p.yoyPct,
        })),
      );
      expect(rows.every((r) => r[13] === f.run)).to.equal(true);
      const s = summaries.find((x) => x.id === f.series)!;
      // The HTML shows the API's figures, formatted the one way reports format numbers.
      for (const shown of [
        fullNumber(s.latestValue, s.unit),
        signedPct(s.yoyPct),
        fullNumber(s.ytd.value, s.unit),
        signedPct(s.ytd.yoyPct),
        fullNumber(f.points[0]!.point, s.unit),
      ]) {
        expect(html, `${f.series}: ${shown}`).to.contain(shown);
      }
    }
  });

  it('tells what changed since the previous report: a new month, a revised figure', async () => {
    smtp = await startSmtp();
    service = await startReportService(env, { clock, smtpPort: smtp.port });
    await loadSeriesAndForecast(service);
    const config = service.reports.catalog.get('monthly').config;
    expect(await service.reports.sender.sendNow(config)).to.include({ state: 'sent' });
    expect(smtp.accepted[0]!.parsed.text).to.not.contain('Since the previous report');
    clock.ms += 60_000;
    const res = await request(
      service.url,
      '/api/v1/ingest',
      csv(
        'series,month,value,unit,source\nnev_sales,2025-05,30000,units,https://example.com/a\nnev_sales,2025-07,31000,units,https://example.com/a\n',
      ),
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const [may] = (await request(service.url, '/api/v1/series/nev_sales/revisions')).body.revisions;
    expect(may).to.include({ month: '2025-05', value: 30000 });
    expect((await service.jobs.trigger(FORECAST_JOB, 'manual')).status).to.equal('ok');
    clock.ms += 60_000;
    expect(await service.reports.sender.sendNow(config)).to.include({ state: 'sent' });
    const text = smtp.accepted[1]!.parsed.text!;
    expect(text).to.contain('Since the previous report:');
    expect(text).to.contain('New actual for Jul 2025: 31,000');
    expect(text).to.contain(`May 2025 revised from ${fullNumber(may.previousValue, 'units')} to 30,000`);
    expect(String(smtp.accepted[1]!.parsed.html)).to.contain('New actual for Jul 2025: 31,000');
    // Many moved months read as one line, not one each.
    expect(text.match(/moved outside their previous 80 % intervals/g)).to.have.length.at.most(2);
  });

  it('delivers once when the SMTP server is down and comes up during the backoff', async () => {
    const port = await freePort();
    service = await startReportService(env, {
      clock,
      smtpPort: port,
      onWait: async () => {
        smtp ??= await startSmtp({ port });
      },
    });
    const record = await service.reports.sender.sendNow(service.reports.catalog.get('monthly').config);
    expect(record).to.include({ state: 'sent', attempts: 2 });
    expect(service.waits).to.deep.equal([1000]);
    expect(smtp!.accepted.map((m) => m.parsed.messageId)).to.deep.equal([record.messageId]);
    const logged = (await request(service.url, `/api/v1/reports/monthly/sends/${encodeURIComponent(record.send)}`)).body
      .send;
    expect(logged).to.include({ state: 'sent', attempts: 2, messageId: record.messageId, error: null });
  });

  it('records a permanent (5xx) failure after one attempt and shows it in the API', async () => {
    smtp = await startSmtp({ reply: { code: 550, message: 'Mailbox unavailable' } });
    service = await startReportService(env, { clock, smtpPort: smtp.port });
    const record = await service.reports.sender.sendNow(service.reports.catalog.get('monthly').config);
    expect(record).to.include({ state: 'failed', attempts: 1 });
    expect(service.waits).to.deep.equal([]);
    const res = await request(service.url, '/api/v1/reports/monthly');
    expect(res.body.report.lastSend).to.deep.include({
      state: 'failed',
      error: { code: MAIL_PERMANENT, message: record.error!.message, responseCode: 550 },
    });
  });
});
