import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../../support/influxd.js';
import { waitFor } from '../../support/wait-for.js';
import { startChildService, type ChildService } from './child-service.js';
import { countPoints, csvRows, streamingPost } from './fault-support.js';

const TOKEN = 'fault-test-admin-token-graceful-stop';

describe('faults: SIGTERM while an ingest is under way', function () {
  this.timeout(60_000);
  let dataDir: string;
  let db: { url: string; database: string; drop: () => Promise<void> };
  let service: ChildService | null = null;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-fault-sigterm-'));
    db = await createTestDatabase();
  });

  after(async () => {
    if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
    await service?.exited;
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops accepting, finishes the request under way with every row stored, and exits 0', async () => {
    service = await startChildService({
      INFLUX_URL: db.url,
      INFLUX_DATABASE: db.database,
      PULSECAST_DATA_DIR: dataDir,
      PULSECAST_ADMIN_TOKEN: TOKEN,
    });
    const svc = service;
    const upload = streamingPost(svc.url, '/api/v1/ingest', {
      'content-type': 'text/csv',
      authorization: `Bearer ${TOKEN}`,
    });
    await upload.write(csvRows(0, 7_500));
    await waitFor(async () => (await countPoints(db.url, db.database)) >= 5_000, 'the first chunk to be stored');

    svc.child.kill('SIGTERM');
    await waitFor(
      () =>
        fetch(`${svc.url}/healthz`).then(
          () => false,
          () => true,
        ),
      'the listener to close',
    );
    expect(svc.child.exitCode, 'still running while the request is under way').to.equal(null);
    await upload.write(csvRows(7_500, 20_000, false));
    const answer = await upload.end();
    const exit = await svc.exited;
    const stored = await countPoints(db.url, db.database);
    console.log(
      `      SIGTERM mid-request: answered ${answer.status} with ${answer.body.accepted} of 20000 rows stored; ${stored} found; exit code ${exit.code}`,
    );
    expect([answer.status, answer.body.accepted, answer.body.queued, answer.body.rejected], svc.output()).to.deep.equal(
      [200, 20_000, 0, 0],
    );
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(stored).to.equal(20_000);
  });
});
