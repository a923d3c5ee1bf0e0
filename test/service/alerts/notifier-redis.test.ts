import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../service/config.js';
import { startService, type RunningService } from '../../../service/lifecycle.js';
import { createLogger } from '../../../service/logger.js';
import { startTestRedis, type TestRedis } from '../../support/redis.js';
import { startTestService, type TestService } from '../../support/service.js';
import { RULES, surpriseTransition } from '../../support/transitions.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

describe('alert notifier on Redis', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let receiver: WebhookReceiver;
  let dir: string;
  let first: TestService;
  let second: RunningService;

  beforeEach(async () => {
    [redis, receiver] = [await startTestRedis(), await startWebhookReceiver()];
    dir = await mkdtemp(path.join(tmpdir(), 'pulsecast-alerts-redis-'));
    const alertsFile = path.join(dir, 'alerts.json');
    await writeFile(
      alertsFile,
      JSON.stringify({
        rules: RULES,
        channels: [{ id: 'hook', type: 'webhook', url: receiver.url, secret: 'redis-test-secret-0123' }],
      }),
    );
    const shared = { redisUrl: redis.url, redisPrefix: redis.keys.prefix, alertsFile };
    first = await startTestService({ config: shared });
    const config = loadConfig({}, process.cwd(), {
      ...shared,
      port: 0,
      influxUrl: first.influxUrl,
      influxDatabase: first.database,
      loadFixtures: false,
      logLevel: 'silent',
      adminToken: first.token,
    });
    second = await startService({ config, logger: createLogger('silent'), clock: { now: () => Date.now() } });
  });

  afterEach(async () => {
    await second?.stop();
    await first?.close();
    await receiver.close();
    await redis.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('notifies once between two instances that both hand the same transitions over', async () => {
    const transitions = Array.from({ length: 20 }, (_, i) => surpriseTransition({ series: `s${i}` }));
    await Promise.all([
      first.notifications.notifier.enqueue(transitions),
      second.notifications.notifier.enqueue(transitions),
    ]);
    await Promise.all([first.notifications.notifier.idle(), second.notifications.notifier.idle()]);
    expect(receiver.calls).to.have.length(20);
    expect(new Set(receiver.calls.map((c) => c.headers['idempotency-key'])).size).to.equal(20);
  });
});
