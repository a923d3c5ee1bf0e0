import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { composeReport, reportMessageId } from '../../../service/report/compose.js';
import { smtpMailer, toEml, type Mailer } from '../../../service/report/mailer.js';
import { CSV_COLUMNS } from '../../../service/report/render-csv.js';
import { buildReportModel } from '../../../service/report/report-model.js';
import { fullNumber } from '../../../service/report/format.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import { GWH, parseCsv, SALES, seriesInput } from './report-fixtures.js';

const now = Date.parse('2025-07-05T01:00:00Z');
const inputs = [
  seriesInput({ id: 'nev_sales', name: 'NEV sales', unit: 'units', start: '2022-01', values: SALES }),
  seriesInput({ id: 'battery_gwh', name: 'Battery installations', unit: 'GWh', start: '2022-01', values: GWH }),
];
const model = buildReportModel({
  report: { name: 'example', title: 'EV monthly', horizon: 12 },
  inputs,
  previous: null,
  slot: now,
  now,
});
const mail = composeReport(model, {
  from: 'pulsecast <reports@pulsecast.test>',
  to: ['cfo@example.com', 'fp-a@example.com'],
  sendKey: '2025-07-05T01:00:00.000Z',
  date: now,
});

describe('compose', () => {
  let smtp: TestSmtp;
  let mailer: Mailer;
  before(async () => {
    smtp = await startSmtp();
    mailer = smtpMailer({ host: smtp.host, port: smtp.port, secure: false, timeoutMs: 5000 });
  });
  after(async () => {
    mailer.close();
    await smtp.close();
  });

  it('derives the Message-ID from the report, the slot and the sender domain', () => {
    expect(mail.messageId).to.equal('<report.example.2025-07-05T01-00-00-000Z@pulsecast.test>');
    expect(reportMessageId('example', 'manual-2025-07-06T00:00:00.000Z', 'reports@x.example')).to.equal(
      '<report.example.manual-2025-07-06T00-00-00-000Z@x.example>',
    );
  });

  it('arrives over SMTP with its recipients, subject, HTML, inline charts that resolve and the CSV', async () => {
    const receipt = await mailer.send(mail);
    expect(receipt.accepted).to.deep.equal(['cfo@example.com', 'fp-a@example.com']);
    await smtp.waitForAccepted(1);
    const { envelope, parsed } = smtp.accepted[0]!;
    expect(envelope.to).to.deep.equal(['cfo@example.com', 'fp-a@example.com']);
    expect(parsed.subject).to.equal('Forecast report — 2025-06 actuals, next 12 months · EV monthly');
    expect(parsed.messageId).to.equal(mail.messageId);
    expect(parsed.text).to.contain('NEV sales · units');
    const html = String(parsed.html);
    // Every cid: the HTML references is an inline PNG part of the message.
    const cids = [...html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    expect(cids).to.have.length(2);
    for (const cid of cids) {
      const part = parsed.attachments.find((a) => a.cid === cid);
      expect(part, cid).to.not.equal(undefined);
      expect(part!.contentType).to.equal('image/png');
      expect(part!.content.subarray(1, 4).toString('latin1')).to.equal('PNG');
    }
    // The numbers shown are the stored run's, formatted.
    const first = inputs[0]!.forecast!.points[0]!;
    expect(html).to.contain(fullNumber(first.point, 'units'));
    expect(html).to.contain(`${fullNumber(first.lo80, 'units')} – ${fullNumber(first.hi80, 'units')}`);
  });

  it('attaches a CSV whose forecast rows parse back to the stored forecast exactly', async () => {
    const parsed = await simpleParser(await toEml(mail));
    const csv = parsed.attachments.find((a) => a.contentType === 'text/csv');
    expect(csv?.filename).to.equal('example-forecast-2025-06.csv');
    const [header, ...rows] = parseCsv(csv!.content.toString('utf8'));
    expect(header).to.deep.equal([...CSV_COLUMNS]);
    for (const input of inputs) {
      const back = rows
        .filter((r) => r[0] === input.summary.id && r[4] === 'forecast')
        .map((r) => ({
          month: r[3],
          point: Number(r[5]),
          lo80: Number(r[6]),
          hi80: Number(r[7]),
          lo95: Number(r[8]),
          hi95: Number(r[9]),
        }));
      expect(back).to.deep.equal(
        input.forecast!.points.map((p) => ({
          month: p.month,
          point: p.point,
          lo80: p.lo80,
          hi80: p.hi80,
          lo95: p.lo95,
          hi95: p.hi95,
        })),
      );
      const actual = rows
        .filter((r) => r[0] === input.summary.id && r[4] === 'actual')
        .map((r) => [r[3], Number(r[5])]);
      expect(actual).to.deep.equal(
        model.sections.find((s) => s.id === input.summary.id)!.history.map((a) => [a.month, a.value]),
      );
    }
  });
});
