import { expect } from 'chai';
import { knownForecast } from '../../support/known-forecast.js';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebhookPayloadSchema } from '../../../service/contract/index.js';
import { ForecastStore } from '../../../service/forecasts/forecast-store.js';
import { connectInflux } from '../../../service/storage/influx-store.js';
import { csv, request, startTestService, type TestService } from '../../support/service.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import { RULES } from '../../support/transitions.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const SECRET = 'end-to-end-secret-0123';
const header = 'series,month,value,unit,source\n';
const row = (month: string, value: number) => `s,${month},${value},units,https://a.example/\n`;
const HISTORY = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((m) => row(`2024-${m}`, 100)).join('');

describe('alerts from ingest to email and webhook', function () {
  this.timeout(60_000);
  let smtp: TestSmtp;
  let receiver: WebhookReceiver;
  let dir: string;
  let service: TestService;

  beforeEach(async () => {
    [smtp, receiver] = [await startSmtp(), await startWebhookReceiver()];
    dir = await mkdtemp(path.join(tmpdir(), 'pulsecast-alerts-e2e-'));
    const alertsFile = path.join(dir, 'alerts.json');
    await writeFile(
      alertsFile,
      JSON.stringify({
        rules: RULES,
        channels: [
          { id: 'planning', type: 'email', to: ['planning@example.com'], groupWindowMs: 0 },
          { id: 'hook', type: 'webhook', url: receiver.url, secret: SECRET, retry: { attempts: 4, baseDelayMs: 20 } },
        ],
      }),
    );
    service = await startTestService({
      config: { smtpHost: smtp.host, smtpPort: smtp.port, alertsFile, refitDebounceMs: 0 },
    });
    // The first forecast run finds no series yet: one that ran after the history would fit its own
    // forecast of November, later than the known one below, and judge the figures against that.
    await service.jobs.idle();
    await ingest(HISTORY);
    // The forecast of November stored before November arrived, with known bands.
    const client = await connectInflux({ url: service.influxUrl, database: service.database });
    await new ForecastStore(client).write(
      knownForecast('s', 'run-before', '2024-11-20T00:00:00Z', '2024-10', [
        { month: '2024-11', h: 1, point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: 120 },
      ]),
    );
  });

  afterEach(async () => {
    await service.close();
    await receiver.close();
    await smtp.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ingest(body: string): Promise<void> {
    const res = await request(service.url, '/api/v1/ingest', csv(header + body));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    await service.alerts.idle();
    await service.notifications.notifier.idle();
  }

  const transitionsTold = () =>
    receiver.calls.map((c) => {
      const payload = WebhookPayloadSchema.parse(JSON.parse(c.body));
      return `${payload.transition?.change} ${payload.transition?.alert.id}`;
    });

  it('tells a surprising figure once by email and signed webhook, a repeat not at all, and a restatement back inside once as resolved', async () => {
    await ingest(row('2024-11', 300));
    expect(transitionsTold()).to.deep.equal(['fired surprise|s|2024-11']);
    const call = receiver.calls[0]!;
    expect(call.headers['x-pulsecast-signature']).to.equal(
      `sha256=${createHmac('sha256', SECRET).update(call.body).digest('hex')}`,
    );
    expect(smtp.accepted).to.have.length(1);
    expect(smtp.accepted[0]!.parsed.subject).to.match(/\[critical\] firing: s 2024-11/);

    await ingest(row('2024-11', 300));
    expect(receiver.calls).to.have.length(1);
    expect(smtp.accepted).to.have.length(1);

    await ingest(row('2024-11', 104));
    expect(transitionsTold()).to.deep.equal(['fired surprise|s|2024-11', 'resolved surprise|s|2024-11']);
    expect(smtp.accepted).to.have.length(2);
    expect(smtp.accepted[1]!.parsed.subject).to.match(/resolved: s 2024-11/);
  });

  it('gets a surprise delivered once to a receiver that answers 500 twice', async () => {
    receiver.script([500, 500]);
    await ingest(row('2024-11', 300));
    expect(receiver.calls.map((c) => c.status)).to.deep.equal([500, 500, 200]);
    expect(new Set(receiver.calls.map((c) => c.headers['idempotency-key'])).size).to.equal(1);
  });
});
