import { expect } from 'chai';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../../support/influxd.js';
import { waitFor } from '../../support/wait-for.js';
import { startChildService, startCuttableProxy, type ChildService, type CuttableProxy } from './child-service.js';
import { csvRows, keyOf, rowOf, storedPoints, streamingPost } from './fault-support.js';

const TOKEN = 'fault-test-admin-token-service-killed';

describe('faults: the service SIGKILLed mid-ingest and restarted on the same data folder', function () {
  this.timeout(120_000);
  let dataDir: string;
  let db: { url: string; database: string; drop: () => Promise<void> };
  let proxy: CuttableProxy;
  const children: ChildService[] = [];

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-fault-service-'));
    db = await createTestDatabase();
    proxy = await startCuttableProxy(db.url);
  });

  after(async () => {
    for (const c of children) {
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
      await c.exited;
    }
    await proxy.close();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const c = await startChildService({
      INFLUX_URL: proxy.url,
      INFLUX_DATABASE: db.database,
      PULSECAST_DATA_DIR: dataDir,
      PULSECAST_ADMIN_TOKEN: TOKEN,
    });
    children.push(c);
    return c;
  };
  const headers = { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` };

  /** Bytes in the spool's segment files (a segment the replayer deletes meanwhile counts as empty). */
  const spoolBytes = async () => {
    const dir = path.join(dataDir, 'spool');
    let bytes = 0;
    for (const f of await readdir(dir)) {
      if (!/^\d+\.jsonl$/.test(f)) continue;
      bytes += await stat(path.join(dir, f)).then(
        (s) => s.size,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return 0;
          throw error;
        },
      );
    }
    return bytes;
  };
  const post = async (url: string, text: string) => {
    const p = streamingPost(url, '/api/v1/ingest', headers);
    await p.write(text);
    return p.end();
  };

  it('stores every acknowledged row, those it had stored and those it had queued, after the restart', async () => {
    const first = await start();
    // Stored at once.
    const a = await post(first.url, csvRows(0, 5_000));
    expect([a.status, a.body.accepted, a.body.queued], first.output()).to.deep.equal([200, 5_000, 0]);
    // InfluxDB out of reach: queued in the spool, synced to disk before this answer.
    proxy.cut();
    const b = await post(first.url, csvRows(5_000, 10_000));
    expect([b.status, b.body.accepted, b.body.queued], first.output()).to.deep.equal([202, 0, 5_000]);
    // The InfluxDB-compatible /write answers 204 once the points are durable, as InfluxDB would.
    const points = [...Array(1_000).keys()].map((k) => rowOf(20_000 + k));
    const lines = points
      .map(
        (r) =>
          `fault,series=${r.series},unit=units value=${r.value},source="fault-test" ${Date.parse(`${r.month}-01T00:00:00Z`)}`,
      )
      .join('\n');
    const w = await fetch(`${first.url}/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: lines,
    });
    expect(w.status, await w.text()).to.equal(204);
    // Killed in the middle of a third request, which is never answered, once its first chunk is in the spool.
    const queuedBytes = await spoolBytes();
    const c = streamingPost(first.url, '/api/v1/ingest', headers);
    await c.write(csvRows(10_000, 17_500));
    await waitFor(
      async () => (await spoolBytes()) > queuedBytes,
      'the first chunk of the third request to reach the spool',
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).to.equal('SIGKILL');
    const unanswered = await c.response.then(
      () => 'answered',
      () => 'dropped',
    );
    expect(unanswered).to.equal('dropped');

    proxy.restore();
    const second = await start();
    const acknowledged = [...[...Array(10_000).keys()].map(rowOf), ...points];
    let found = await storedPoints(db.url, db.database);
    await waitFor(
      async () => {
        if ((await spoolBytes()) > 0) return false;
        found = await storedPoints(db.url, db.database);
        return acknowledged.every((r) => found.byKey.has(keyOf(r)));
      },
      'the spool to drain and every acknowledged row to be stored',
      60_000,
    );
    const wrong = acknowledged.filter((r) => {
      const points = found.byKey.get(keyOf(r));
      return points?.length !== 1 || points[0]!.value !== r.value;
    });
    const unacknowledgedFound = found.byKey.size - acknowledged.length;
    console.log(
      `      service SIGKILLed mid-ingest: ${acknowledged.length} rows acknowledged (${a.body.accepted} stored, ${b.body.queued} + ${points.length} (/write) queued in the spool), ` +
        `7500 more sent in the request it died in; after the restart ${found.byKey.size} distinct series x month points in ${found.points} points ` +
        `(every acknowledged row once; ${unacknowledgedFound} of the unanswered request's rows)`,
    );
    expect(
      wrong.map(keyOf).slice(0, 5),
      `${wrong.length} acknowledged rows missing, duplicated or changed`,
    ).to.deep.equal([]);
    expect(found.points).to.equal(found.byKey.size);
    expect(unacknowledgedFound).to.be.within(0, 7_500);

    // And a plain SIGTERM of the restarted service exits cleanly.
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).to.deep.equal({ code: 0, signal: null });
  });
});
