import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IngestSummary } from '../../../ingest/ingest.js';
import type { Clock } from '../../../service/clock.js';
import { createLogger } from '../../../service/logger.js';
import { Spool, type SpoolRecord } from '../../../service/storage/spool.js';
import { SpoolReplayer } from '../../../service/storage/spool-replayer.js';
import { StoreError } from '../../../service/storage/store-error.js';

/** The spool's and the replayer's clock: a fixed instant, so what they stamp can be checked. */
const clock: Clock = { now: () => Date.parse('2026-03-01T08:00:00Z') };

const summary = (rows: number, rejected = 0): IngestSummary => ({
  batch: 'b',
  rows,
  accepted: rows - rejected,
  inserted: rows - rejected,
  restated: 0,
  unchanged: 0,
  rejected,
  queued: 0,
  queuedRows: [],
  errors: [],
  conflicts: [],
  createdSeries: [],
});

describe('service/storage/spool-replayer', () => {
  let dir: string;
  let spool: Spool;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-replay-'));
    spool = await Spool.open(dir, clock);
    for (const batch of ['first', 'second', 'third']) {
      await spool.append({
        batch,
        format: 'csv',
        acceptedAt: 1,
        rows: [{ row: 2, fields: { series: 's', month: '2024-01', value: 1 } }],
      });
    }
  });
  afterEach(async () => {
    await spool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the records in order and empties the spool', async () => {
    const seen: string[] = [];
    const replayer = new SpoolReplayer({
      spool,
      logger: createLogger('silent'),
      clock: clock,
      replay: async (r: SpoolRecord) => (seen.push(r.batch), summary(r.rows.length)),
    });
    expect(await replayer.drain()).to.equal(true);
    expect(seen).to.deep.equal(['first', 'second', 'third']);
    expect(spool.depth().records).to.equal(0);
    expect(replayer.stats).to.include({ records: 3, rows: 3, setAside: 0, failedAttempts: 0 });
  });

  it('stops at a retriable failure with the record still waiting, and goes on from it once the store is back', async () => {
    const seen: string[] = [];
    let down = true;
    const replay = async (r: SpoolRecord) => {
      if (down && r.batch === 'second')
        throw new StoreError(true, 'InfluxDB write failed (unreachable; will be retried): connect ECONNREFUSED');
      seen.push(r.batch);
      return summary(1);
    };
    const replayer = new SpoolReplayer({ spool, logger: createLogger('silent'), clock: clock, replay });
    expect(await replayer.drain()).to.equal(false);
    expect(spool.depth().records).to.equal(2);
    down = false;
    expect(await replayer.drain()).to.equal(true);
    expect(seen).to.deep.equal(['first', 'second', 'third']);
    expect(replayer.stats).to.include({ records: 3, failedAttempts: 1 });
  });

  it('sets aside a record the store refuses outright, with the reason, and stores the rest', async () => {
    const replay = async (r: SpoolRecord) => {
      if (r.batch === 'second')
        throw new StoreError(false, 'InfluxDB write failed: A 400 Bad Request error occurred: field type conflict');
      return summary(1);
    };
    const replayer = new SpoolReplayer({ spool, logger: createLogger('silent'), clock: clock, replay });
    expect(await replayer.drain()).to.equal(true);
    expect(replayer.stats).to.include({ records: 2, setAside: 1 });
    const aside = (await readFile(path.join(dir, 'set-aside.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(aside).to.have.length(1);
    expect(aside[0].record.batch).to.equal('second');
    expect(aside[0].reason).to.contain('field type conflict');
    expect(aside[0].at).to.equal('2026-03-01T08:00:00.000Z');
  });

  it('counts rows refused when stored (validation at replay) and does not retry them', async () => {
    const replayer = new SpoolReplayer({
      spool,
      logger: createLogger('silent'),
      clock: clock,
      replay: async () => summary(1, 1),
    });
    expect(await replayer.drain()).to.equal(true);
    expect(replayer.stats).to.include({ records: 3, refusedRows: 3 });
  });
});
