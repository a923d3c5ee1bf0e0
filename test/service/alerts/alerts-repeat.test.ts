import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebhookPayloadSchema } from '../../../service/contract/index.js';
import type { RunningService } from '../../../service/lifecycle.js';
import { jsonBody, request } from '../../support/service.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';
import { alertEnv, ingest, sweep, type AlertEnv } from './alert-service.js';

const T0 = Date.parse('2024-08-02T09:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const LOW = { id: 'low', kind: 'threshold', severity: 'critical', settings: { measure: 'value', op: '<', bound: 10 } };

describe('alerts: repeatInterval', function () {
  this.timeout(60_000);
  let env: AlertEnv;
  let receiver: WebhookReceiver;
  let dir: string;
  let alertsFile: string;

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    dir = await mkdtemp(path.join(tmpdir(), 'pulsecast-repeat-'));
    alertsFile = path.join(dir, 'alerts.json');
    await writeFile(
      alertsFile,
      JSON.stringify({
        rules: [{ ...LOW, repeatInterval: '4h', channels: ['hook'] }],
        channels: [{ id: 'hook', type: 'webhook', url: receiver.url, secret: 'repeat-test-secret-0123' }],
      }),
    );
    env = await alertEnv(at(0), { deliver: true });
  });
  afterEach(async () => {
    await env.close();
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  const told = () =>
    receiver.calls.map((c) => {
      const payload = WebhookPayloadSchema.parse(JSON.parse(c.body));
      return `${payload.transition?.change} ${payload.transition?.alert.series} ${c.headers['idempotency-key']}`;
    });
  async function sweepAt(service: RunningService, hours: number): Promise<void> {
    env.clock.set(at(hours));
    await sweep(service);
    await service.notifications.notifier.idle();
  }

  it('tells a firing alert again every interval, once per repeat across instances, under a key of its own, until acknowledged', async () => {
    const service = await env.start({ alertsFile });
    await ingest(service, 't,2024-07,5,units,https://a/\n');
    await service.notifications.notifier.idle();
    expect(told()).to.have.length(1);

    await sweepAt(service, 3.99);
    expect(told()).to.have.length(1);
    await sweepAt(service, 4);
    await sweepAt(service, 4);
    const [fired, repeated] = told();
    expect(told()).to.have.length(2);
    expect(fired).to.match(/^fired t /);
    expect(repeated).to.match(/^repeated t /);
    expect(repeated!.split(' ')[2]).to.not.equal(fired!.split(' ')[2]);

    // A second instance on the same database, started before the next repeat: both sweep when it is due.
    const other = await env.start({ alertsFile });
    // Its own first run at start ends before the clock moves on: concurrent sends are Redis claims' to settle.
    await sweepAt(other, 4);
    await sweepAt(service, 8);
    await sweepAt(other, 8);
    await other.notifications.notifier.idle();
    expect(
      told().map((t) => t.split(' ')[0]),
      told().join('\n'),
    ).to.deep.equal(['fired', 'repeated', 'repeated']);
    expect(new Set(told().map((t) => t.split(' ')[2])).size).to.equal(3);

    const ack = await request(service.url, `/api/v1/alerts/${encodeURIComponent('low|t|2024-07')}/ack`, {
      method: 'POST',
    });
    expect(ack.status, JSON.stringify(ack.body)).to.equal(200);
    await sweepAt(service, 12);
    await sweepAt(service, 30);
    expect(told()).to.have.length(3);
    const history = await request(service.url, `/api/v1/alerts/${encodeURIComponent('low|t|2024-07')}`);
    expect(history.body.history.map((h: { change: string }) => h.change)).to.deep.equal([
      'fired',
      'repeated',
      'repeated',
    ]);
  });

  it('does not repeat a silenced alert', async () => {
    const service = await env.start({ alertsFile });
    const silence = await request(
      service.url,
      '/api/v1/silences',
      jsonBody({ series: 't', reason: 'known', until: at(24) }),
    );
    expect(silence.status).to.equal(201);
    await ingest(service, 't,2024-07,5,units,https://a/\n');
    await sweepAt(service, 4);
    await sweepAt(service, 8);
    expect(told()).to.deep.equal([]);
    expect(service.alerts.alert('low|t|2024-07')).to.deep.include({ status: 'firing' });
    // Not even to the dashboard: a silenced alert has no repeats at all.
    const history = await request(service.url, `/api/v1/alerts/${encodeURIComponent('low|t|2024-07')}`);
    expect(history.body.history.map((h: { change: string }) => h.change)).to.deep.equal(['fired']);
  });
});
