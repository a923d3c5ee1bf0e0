import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser } from 'playwright-core';
import { FORECAST_JOB } from '../../../service/jobs/refit-job.js';
import { fixturesDir, readFixtureSeries } from '../../../fixtures/load.js';
import { jsonBody, request } from '../../support/service.js';
import { freePort, startSmtp, type TestSmtp } from '../../support/smtp.js';
import {
  REPORT,
  reportEnv,
  startReportService,
  TestClock,
  type ReportEnv,
  type ReportService,
} from './report-service.js';

const EXAMPLE = JSON.parse(await readFile(path.resolve(fixturesDir(), '../config/reports.json'), 'utf8')).reports[0];

describe('report API', () => {
  let env: ReportEnv;
  let smtp: TestSmtp;
  let service: ReportService;
  const clock = new TestClock(Date.parse('2025-07-04T00:00:00Z'));

  before(async () => {
    env = await reportEnv([REPORT, EXAMPLE]);
    smtp = await startSmtp();
    service = await startReportService(env, {
      clock,
      smtpPort: smtp.port,
    });
  });
  after(async () => {
    await service.stop();
    await smtp.close();
    await env.drop();
  });

  it('lists the reports of the file with their next slot', async () => {
    const res = await request(service.url, '/api/v1/reports');
    expect(res.status).to.equal(200);
    expect(
      res.body.reports.map((r: { name: string; source: string; nextSlot: string }) => [r.name, r.source, r.nextSlot]),
    ).to.deep.equal([
      ['example', 'file', '2025-07-05T01:00:00.000Z'],
      ['monthly', 'file', '2025-07-05T01:00:00.000Z'],
    ]);
  });

  it('defines a report through the API, schedules it, and removes it again', async () => {
    const body = {
      cron: '0 8 * * 1',
      timezone: 'Europe/Berlin',
      recipients: ['board@example.com'],
      series: ['nev_sales'],
      horizon: 6,
    };
    const put = await request(service.url, '/api/v1/reports/weekly', { ...jsonBody(body), method: 'PUT' });
    expect(put.status, JSON.stringify(put.body)).to.equal(201);
    expect(put.body.report).to.include({
      name: 'weekly',
      source: 'api',
      horizon: 6,
      nextSlot: '2025-07-07T06:00:00.000Z',
    });
    expect(service.scheduler.tasks.has('report:weekly')).to.equal(true);
    expect(
      (await request(service.url, '/api/v1/reports/weekly', { ...jsonBody({ ...body, horizon: 3 }), method: 'PUT' }))
        .status,
    ).to.equal(200);
    expect((await request(service.url, '/api/v1/reports/weekly', { method: 'DELETE' })).status).to.equal(204);
    expect(service.scheduler.tasks.has('report:weekly')).to.equal(false);
    expect((await request(service.url, '/api/v1/reports/weekly')).status).to.equal(404);
  });

  const refused: [string, string, RequestInit, number, string][] = [
    [
      'a definition with a bad cron expression',
      '/api/v1/reports/bad',
      { ...jsonBody({ ...REPORT, name: 'bad', cron: 'every day' }), method: 'PUT' },
      400,
      'REPORT_CONFIG_INVALID',
    ],
    [
      'a change to a report of the reports file',
      '/api/v1/reports/monthly',
      { ...jsonBody(REPORT), method: 'PUT' },
      409,
      'REPORT_READ_ONLY',
    ],
    ['removing a report of the reports file', '/api/v1/reports/monthly', { method: 'DELETE' }, 409, 'REPORT_READ_ONLY'],
    ['a send of a report that does not exist', '/api/v1/reports/nope/send', { method: 'POST' }, 404, 'NOT_FOUND'],
  ];
  for (const [name, url, init, status, code] of refused) {
    it(`refuses ${name} with ${status} ${code}`, async () => {
      const res = await request(service.url, url, init);
      expect(res.status).to.equal(status);
      expect(res.body.error.code).to.equal(code);
    });
  }

  it('sends now on request and shows the outcome at the Location it answers with', async () => {
    const res = await request(service.url, '/api/v1/reports/monthly/send', { method: 'POST' });
    expect(res.status).to.equal(202);
    await service.jobs.idle();
    const send = (await request(service.url, res.headers.get('location')!)).body.send;
    expect(send).to.include({ state: 'sent', scheduled: false, messageId: smtp.accepted[0]!.parsed.messageId });
  });

  it('refuses a second send of a report while one is under way, naming the run in the way', async () => {
    // A minute on: a send on request of its own (the key is the time it was asked for).
    clock.set('2025-07-04T00:01:00Z');
    smtp.reply('hold');
    const first = await request(service.url, '/api/v1/reports/monthly/send', { method: 'POST' });
    expect(first.status).to.equal(202);
    await smtp.waitForHeld();
    const second = await request(service.url, '/api/v1/reports/monthly/send', { method: 'POST' });
    expect(second.status).to.equal(409);
    expect(second.body.error.code).to.equal('JOB_BUSY');
    const running = (await request(service.url, '/api/v1/jobs')).body.jobs.find(
      (j: { name: string }) => j.name === 'report:monthly',
    ).running;
    expect(second.body.error.message).to.contain(running.id);
    smtp.reply('accept');
    smtp.release();
    await service.jobs.idle();
    const send = (await request(service.url, first.headers.get('location')!)).body.send;
    expect(send).to.include({ state: 'sent', attempts: 2 });
    // Both runs are in the run log: the send, and the one refused while it was under way.
    const runs = (await request(service.url, '/api/v1/runs?job=report:monthly')).body.runs as {
      id: string;
      status: string;
    }[];
    expect(runs.find((r) => r.id === running.id)).to.include({ trigger: 'manual', status: 'ok' });
    expect(runs.filter((r) => r.status === 'skipped').map((r) => r.id)).to.deep.equal([
      second.body.error.details.run.id,
    ]);
  });
});

describe('the example report over the fixture series', () => {
  let env: ReportEnv;
  let service: ReportService;

  before(async () => {
    env = await reportEnv([EXAMPLE]);
    // A week after its March 2026 slot: what finance would have received with the fixtures' latest figures.
    service = await startReportService(env, {
      clock: new TestClock(Date.parse('2026-03-12T02:00:00Z')),
      smtpPort: await freePort(),
    });
    await service.catalog.define(await readFixtureSeries());
  });
  after(async () => {
    await service.stop();
    await env.drop();
  });

  it('renders in Chromium with every chart loaded and nothing wider than the page (screenshot in test-artifacts/)', async function () {
    this.timeout(30_000);
    const csv = (await readFile(path.join(fixturesDir(), 'ev-monthly.csv'), 'utf8')).split('\n');
    const rows = [csv[0], ...csv.slice(1).filter((l) => EXAMPLE.series.includes(l.split(',')[0]))].join('\n');
    expect(
      (
        await request(service.url, '/api/v1/ingest', {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: rows,
        })
      ).status,
    ).to.be.oneOf([200, 422]);
    expect((await service.jobs.trigger(FORECAST_JOB, 'manual')).status).to.be.oneOf(['ok', 'partial']);
    const preview = await fetch(`${service.url}/api/v1/reports/example/preview`);
    expect(preview.headers.get('content-type')).to.match(/^text\/html/);
    const html = await preview.text();
    let browser: Browser | null = null;
    try {
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      const page = await browser.newPage({ viewport: { width: 760, height: 900 }, deviceScaleFactor: 1 });
      await page.setContent(html, { waitUntil: 'load' });
      const images = await page.$$eval('img', (imgs) =>
        imgs.map((i) => ({ ok: i.complete && i.naturalWidth > 0, w: i.getBoundingClientRect().width })),
      );
      expect(images).to.have.length(EXAMPLE.series.length);
      expect(images.every((i) => i.ok && i.w > 500)).to.equal(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(760);
      expect(await page.textContent('h1')).to.equal(EXAMPLE.title);
      await mkdir('test-artifacts', { recursive: true });
      await writeFile('test-artifacts/report-email.html', html);
      await page.screenshot({ path: 'test-artifacts/report-email.png', fullPage: true });
    } finally {
      await browser?.close();
    }
  });
});
