import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../../service/clock.js';
import { loadConfig } from '../../../service/config.js';
import { startService, type RunningService } from '../../../service/lifecycle.js';
import { createLogger } from '../../../service/logger.js';
import { ping, startManagedInfluxd, type ManagedInfluxd } from '../../../service/storage/local-influxd.js';
import { waitFor } from '../../support/wait-for.js';
import { countPoints, csvRows, keyOf, rowOf, storedPoints, streamingPost } from './fault-support.js';

const TOKEN = 'fault-test-admin-token-influxd-killed';
const DATABASE = 'faults';

describe('faults: InfluxDB killed in the middle of a large ingest', function () {
  this.timeout(120_000);
  let dir: string;
  let influxd: ManagedInfluxd | null = null;
  let service: RunningService | null = null;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-fault-influxd-'));
    // Its own influxd: the rest of the suite shares one, which this test kills.
    influxd = await startManagedInfluxd({ dir: path.join(dir, 'influxdb') });
    const config = loadConfig({}, process.cwd(), {
      port: 0,
      influxUrl: influxd.url,
      influxDatabase: DATABASE,
      dataDir: path.join(dir, 'data'),
      loadFixtures: false,
      logLevel: 'silent',
      adminToken: TOKEN,
      refitDebounceMs: 0,
    });
    service = await startService({ config, logger: createLogger(config.logLevel), clock: systemClock });
  });

  after(async () => {
    await service?.stop();
    await influxd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 202 with the queued rows while it is down, and after its restart holds every acknowledged row exactly once', async () => {
    const svc = service!;
    const perRequest = 12_500;
    const requests = 4;
    const answers: { status: number; body: any }[] = [];
    for (let k = 0; k < requests; k++) {
      const from = k * perRequest;
      const post = streamingPost(svc.url, '/api/v1/ingest', {
        'content-type': 'text/csv',
        authorization: `Bearer ${TOKEN}`,
      });
      if (k === 2) {
        await post.write(csvRows(from, from + 7_500));
        // The first chunk of this request is stored; InfluxDB dies under the rest of it.
        await waitFor(
          async () => (await countPoints(influxd!.url, DATABASE)) >= from + 5_000,
          'the first chunk of the third request to be stored',
        );
        process.kill(influxd!.pid, 'SIGKILL');
        await waitFor(async () => !(await ping(influxd!.url)), 'influxd to die');
        await post.write(csvRows(from + 7_500, from + perRequest, false));
      } else {
        await post.write(csvRows(from, from + perRequest));
      }
      answers.push(await post.end());
    }
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 202, 202]);
    expect(answers.map((a) => [a.body.accepted, a.body.queued, a.body.rejected])).to.deep.equal([
      [12_500, 0, 0],
      [12_500, 0, 0],
      [5_000, 7_500, 0],
      [0, 12_500, 0],
    ]);
    // CSV rows are named by line: the header is line 1, so rows 5,000.. of the request are lines 5,002..
    const queuedLines = answers[2]!.body.queuedRows as { first: number; last: number; count: number }[];
    expect(queuedLines[0]!.first).to.equal(5_002);
    expect(queuedLines[queuedLines.length - 1]!.last).to.equal(12_501);
    expect(queuedLines.reduce((n, r) => n + r.count, 0)).to.equal(7_500);
    expect(svc.spool.depth().rows).to.equal(20_000);

    const oldUrl = influxd!.url;
    influxd = await startManagedInfluxd({ dir: path.join(dir, 'influxdb') });
    expect(influxd.url, 'the restarted influxd listens where the service expects it').to.equal(oldUrl);
    await waitFor(() => svc.spool.depth().records === 0, 'the spool to drain', 60_000);

    const stored = await storedPoints(influxd.url, DATABASE);
    const total = requests * perRequest;
    const acknowledged = answers.reduce((n, a) => n + a.body.accepted + a.body.queued, 0);
    const missing: string[] = [];
    for (let i = 0; i < total; i++) {
      const row = rowOf(i);
      const found = stored.byKey.get(keyOf(row));
      if (
        found?.length !== 1 ||
        found[0]!.value !== row.value ||
        found[0]!.batch !== answers[Math.floor(i / perRequest)]!.body.batch
      )
        missing.push(keyOf(row));
    }
    console.log(
      `      influxd SIGKILLed mid-ingest: ${total} rows sent in ${requests} requests, ${acknowledged} acknowledged ` +
        `(${answers.reduce((n, a) => n + a.body.accepted, 0)} stored at once, ${answers.reduce((n, a) => n + a.body.queued, 0)} queued); ` +
        `after the restart ${stored.byKey.size} distinct series x month points found in ${stored.points} points`,
    );
    expect(acknowledged).to.equal(total);
    expect(missing.slice(0, 5), `${missing.length} rows missing, duplicated or with another value/batch`).to.deep.equal(
      [],
    );
    expect(stored.points).to.equal(total);
    expect(stored.byKey.size).to.equal(total);
  });
});
