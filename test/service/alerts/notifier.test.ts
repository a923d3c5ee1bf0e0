import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../service/config.js';
import { startService, type RunningService } from '../../../service/lifecycle.js';
import { createLogger } from '../../../service/logger.js';
import { InfluxOutbox } from '../../../service/alerts/outbox.js';
import { WebhookPayloadSchema, type AlertEvent } from '../../../service/contract/index.js';
import { startTestService, type TestService } from '../../support/service.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import { connectLive, subscribe, type LiveSocket } from '../../support/socket-client.js';
import { RULES, surpriseTransition } from '../../support/transitions.js';
import { waitFor } from '../../support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const SECRET = 'a-webhook-secret-of-some-length';

const verify = (body: string, header: unknown) =>
  header === `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

async function alertsFile(dir: string, receiver: WebhookReceiver, emailWindowMs = 0): Promise<string> {
  const file = path.join(dir, 'alerts.json');
  await writeFile(
    file,
    JSON.stringify({
      rules: RULES,
      channels: [
        { id: 'planning', type: 'email', to: ['planning@example.com'], groupWindowMs: emailWindowMs },
        { id: 'hook', type: 'webhook', url: receiver.url, secret: SECRET, retry: { attempts: 4, baseDelayMs: 20 } },
      ],
    }),
  );
  return file;
}

describe('alert notifier', function () {
  this.timeout(30_000);
  let smtp: TestSmtp;
  let receiver: WebhookReceiver;
  let dir: string;
  let service: TestService;
  let socket: LiveSocket | null = null;

  beforeEach(async () => {
    [smtp, receiver] = [await startSmtp(), await startWebhookReceiver()];
    dir = await mkdtemp(path.join(tmpdir(), 'pulsecast-alerts-'));
  });

  afterEach(async () => {
    socket?.disconnect();
    socket = null;
    await service?.close();
    await receiver.close();
    await smtp.close();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (emailWindowMs = 0) => {
    service = await startTestService({
      config: { smtpHost: smtp.host, smtpPort: smtp.port, alertsFile: await alertsFile(dir, receiver, emailWindowMs) },
    });
    return service;
  };

  it('tells a critical transition once by email, once by a signed webhook and on the live channel', async () => {
    await start();
    socket = await connectLive(service.url);
    await subscribe(socket, { series: [], overview: true });
    const events: AlertEvent[] = [];
    socket.on('alert', (e) => events.push(e));
    const transition = surpriseTransition();
    await service.notifications.notifier.enqueue([transition]);
    await service.notifications.notifier.idle();

    expect(receiver.calls).to.have.length(1);
    const call = receiver.calls[0]!;
    expect(verify(call.body, call.headers['x-pulsecast-signature'])).to.equal(true);
    const payload = WebhookPayloadSchema.parse(JSON.parse(call.body));
    expect(payload).to.include({
      version: 1,
      type: 'transition',
      channel: 'hook',
      id: call.headers['idempotency-key'],
    });
    expect(payload.transition?.id).to.equal(transition.id);
    expect(payload.text).to.match(/^\[critical\] firing: aito_deliveries 2025-06: /);

    await smtp.waitForAccepted(1);
    expect(smtp.accepted).to.have.length(1);
    const mail = smtp.accepted[0]!.parsed;
    expect(mail.subject).to.match(/\[critical\] firing: aito_deliveries 2025-06/);
    expect(mail.messageId).to.match(/^<alerts\.planning\.[0-9a-f]{32}@pulsecast\.localhost>$/);
    expect(mail.html).to.include('12,000').and.include('pulsecast · alerts');

    await waitFor(() => events.length === 1, 'the alert event');
    expect(events[0]!.transition.id).to.equal(transition.id);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).to.include('pulsecast_alert_notifications_total{channel="hook",outcome="sent"} 1');
    expect(metrics).to.include('pulsecast_alert_notifications_total{channel="planning",outcome="sent"} 1');
  });

  it('does not tell a transition handed over again, in this process or after a restart', async () => {
    await start();
    const transition = surpriseTransition();
    await service.notifications.notifier.enqueue([transition]);
    await service.notifications.notifier.idle();
    await service.notifications.notifier.enqueue([transition]);
    await service.notifications.notifier.idle();
    expect(receiver.calls).to.have.length(1);
    expect(smtp.accepted).to.have.length(1);

    const again = await restart(service);
    try {
      await again.notifications.notifier.recover();
      await again.notifications.notifier.enqueue([transition]);
      await again.notifications.notifier.idle();
      expect(receiver.calls).to.have.length(1);
      expect(smtp.accepted).to.have.length(1);
    } finally {
      await again.stop();
    }
  });

  it('retries a receiver that answers 500 twice and delivers once, under one key', async () => {
    await start();
    receiver.script([500, 500]);
    await service.notifications.notifier.enqueue([surpriseTransition()]);
    await service.notifications.notifier.idle();
    expect(receiver.calls.map((c) => c.status)).to.deep.equal([500, 500, 200]);
    expect(new Set(receiver.calls.map((c) => c.headers['idempotency-key'])).size).to.equal(1);
    expect(new Set(receiver.calls.map((c) => c.body)).size).to.equal(1);
    const { deliveries } = await new InfluxOutbox(await influxOf(service)).since(0);
    expect(deliveries.find((d) => d.channel === 'hook')).to.include({ state: 'sent', attempts: 3, response: '200' });
  });

  it('records a 4xx answer as failed without retrying', async () => {
    await start();
    receiver.script([410]);
    await service.notifications.notifier.enqueue([surpriseTransition()]);
    await service.notifications.notifier.idle();
    expect(receiver.calls).to.have.length(1);
    const { deliveries } = await new InfluxOutbox(await influxOf(service)).since(0);
    expect(deliveries.find((d) => d.channel === 'hook')).to.include({ state: 'failed', attempts: 1, response: '410' });
  });

  it('tells a silenced alert only to the dashboard, and a warning only to the dashboard', async () => {
    await start();
    socket = await connectLive(service.url);
    await subscribe(socket, { series: [], overview: true });
    const events: AlertEvent[] = [];
    socket.on('alert', (e) => events.push(e));
    await service.notifications.notifier.enqueue([
      surpriseTransition({ silenced: true }),
      surpriseTransition({ series: 'seres_nev_sales', severity: 'warning' }),
    ]);
    await service.notifications.notifier.idle();
    await waitFor(() => events.length === 2, 'two alert events');
    expect(receiver.calls).to.have.length(0);
    expect(smtp.received).to.equal(0);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).to.include('pulsecast_alert_notifications_total{channel="hook",outcome="silenced"} 1');
  });

  it('sends the transitions of one grouping window as one email, and a resolve as its own', async () => {
    await start(300);
    await service.notifications.notifier.enqueue([surpriseTransition()]);
    await service.notifications.notifier.enqueue([surpriseTransition({ series: 'seres_nev_sales' })]);
    await service.notifications.notifier.idle();
    expect(smtp.accepted).to.have.length(1);
    expect(smtp.accepted[0]!.parsed.subject).to.equal('pulsecast: 2 alerts (2 firing)');
    expect(receiver.calls).to.have.length(2);
    await service.notifications.notifier.enqueue([surpriseTransition({ change: 'resolved' })]);
    await service.notifications.notifier.idle();
    expect(smtp.accepted).to.have.length(2);
    expect(smtp.accepted[1]!.parsed.subject).to.match(/\[critical\] resolved: aito_deliveries 2025-06/);
  });

  it('re-sends a webhook interrupted by a stop after the receiver got it, with the same key and body', async () => {
    await start();
    receiver.hold();
    await service.notifications.notifier.enqueue([surpriseTransition()]);
    await receiver.waitForCalls(1);
    const again = await restart(service);
    try {
      receiver.release();
      await again.notifications.notifier.recover();
      await receiver.waitForCalls(2);
      await again.notifications.notifier.idle();
      expect(receiver.calls).to.have.length(2);
      expect(receiver.calls[1]!.headers['idempotency-key']).to.equal(receiver.calls[0]!.headers['idempotency-key']);
      expect(receiver.calls[1]!.body).to.equal(receiver.calls[0]!.body);
      expect(verify(receiver.calls[1]!.body, receiver.calls[1]!.headers['x-pulsecast-signature'])).to.equal(true);
    } finally {
      await again.stop();
    }
  });

  it('re-sends an email group interrupted by a stop with the same Message-ID', async () => {
    await start(200);
    smtp.reply('hold');
    await service.notifications.notifier.enqueue([
      surpriseTransition(),
      surpriseTransition({ series: 'seres_nev_sales' }),
    ]);
    await smtp.waitForHeld();
    const again = await restart(service);
    try {
      smtp.reply('accept');
      await again.notifications.notifier.recover();
      await smtp.waitForAccepted(1);
      await again.notifications.notifier.idle();
      expect(smtp.accepted).to.have.length(1);
      expect(smtp.accepted[0]!.parsed.subject).to.equal('pulsecast: 2 alerts (2 firing)');
      // The first attempt's Message-ID is the one the stopped process recorded.
      const { deliveries } = await new InfluxOutbox(await influxOf(service)).since(0);
      expect(deliveries.filter((d) => d.channel === 'planning').map((d) => d.key)).to.deep.equal([
        smtp.accepted[0]!.parsed.messageId,
        smtp.accepted[0]!.parsed.messageId,
      ]);
    } finally {
      await again.stop();
    }
  });

  /** Stops `running` (its database stays) and starts another service on the same database and files. */
  async function restart(running: TestService): Promise<RunningService> {
    await running.stop();
    const config = loadConfig({}, process.cwd(), {
      port: 0,
      influxUrl: running.influxUrl,
      influxDatabase: running.database,
      loadFixtures: false,
      logLevel: 'silent',
      adminToken: running.token,
      smtpHost: smtp.host,
      smtpPort: smtp.port,
      alertsFile: path.join(dir, 'alerts.json'),
    });
    return startService({ config, logger: createLogger('silent'), clock: { now: () => Date.now() } });
  }
});

/** A client of the test service's database, to read what the notifier recorded. */
async function influxOf(service: TestService) {
  const { InfluxDB } = await import('influx');
  const url = new URL(service.influxUrl);
  return new InfluxDB({ host: url.hostname, port: Number(url.port), database: service.database });
}
