import { expect } from 'chai';
import { IngestSession } from '../../ingest/ingest.js';
import { figureKey, type Figure, type Revision } from '../../ingest/figure.js';
import { SeriesCatalog } from '../../ingest/series-catalog.js';
import type { IngestSpool, SpoolEntry } from '../../ingest/spool-port.js';
import type { FigureQuery, SeriesMeta, SeriesStore } from '../../ingest/store-port.js';
import type { RawRow } from '../../ingest/types.js';

/** A store in memory that can be made unreachable (retriable errors) or to refuse (final errors). */
class MemoryStore implements SeriesStore {
  readonly series = new Map<string, SeriesMeta>();
  readonly figures = new Map<string, Figure>();
  readonly revisions: Revision[] = [];
  failure: 'none' | 'down' | 'refuse' = 'none';
  /** Writes to let through before failing. */
  writesBeforeFailure = 0;

  private check(write: boolean): void {
    if (this.failure === 'none') return;
    if (write && this.writesBeforeFailure > 0) {
      this.writesBeforeFailure--;
      return;
    }
    if (!write && this.writesBeforeFailure > 0) return;
    throw Object.assign(new Error(this.failure === 'down' ? 'connect ECONNREFUSED' : 'field type conflict'), {
      retriable: this.failure === 'down',
    });
  }
  async listSeries(ids?: readonly string[]) {
    this.check(false);
    return [...this.series.values()].filter((s) => !ids || ids.includes(s.id));
  }
  async putSeries(series: readonly SeriesMeta[]) {
    this.check(true);
    for (const s of series) this.series.set(s.id, s);
  }
  async readFigures(query: FigureQuery) {
    this.check(false);
    return [...this.figures.values()].filter((r) => !query.series || query.series.includes(r.series));
  }
  async writeFigures(figures: readonly Figure[]) {
    this.check(true);
    for (const r of figures) this.figures.set(figureKey(r), r);
  }
  async writeRevisions(revisions: readonly Revision[]) {
    this.check(true);
    this.revisions.push(...revisions);
  }
  async readRevisions() {
    return [];
  }
}

class MemorySpool implements IngestSpool {
  readonly entries: SpoolEntry[] = [];
  busy() {
    return this.entries.length > 0;
  }
  pendingUnit(series: string) {
    for (const e of this.entries)
      for (const r of e.rows)
        if (r.fields['series'] === series && typeof r.fields['unit'] === 'string') return r.fields['unit'];
    return undefined;
  }
  async append(entry: SpoolEntry) {
    this.entries.push(entry);
  }
}

const row = (line: number, series: string, month: string, value: number | string, unit?: string): RawRow => ({
  row: line,
  fields: { series, month, value, ...(unit ? { unit } : {}) },
});

describe('ingest/ingest with a spool', () => {
  let store: MemoryStore;
  let spool: MemorySpool;
  let catalog: SeriesCatalog;
  const session = (batch = 'b1', withSpool = true) =>
    new IngestSession({ store, catalog, now: () => 1000, ...(withSpool ? { spool } : {}) }, batch, 'csv');

  beforeEach(async () => {
    store = new MemoryStore();
    spool = new MemorySpool();
    catalog = await SeriesCatalog.load(store);
  });

  it('queues every valid row while the store is down, refuses the invalid ones now, and validates later rows of a new series by the unit queued', async () => {
    store.failure = 'down';
    const s = session();
    await s.addRows([row(2, 'a_x', '2024-01', 5, 'units'), row(3, 'a_x', '2024-13', 6), row(4, 'b_x', '2024-01', 1)]);
    await s.addRows([row(5, 'a_x', '2024-02', 7), row(6, 'a_x', '2024-03', 8, 'GWh')]);
    const summary = await s.finish();
    expect(summary).to.include({ rows: 5, accepted: 0, queued: 2, rejected: 3 });
    expect(summary.errors.map((e) => [e.row, e.code])).to.deep.equal([
      [3, 'INVALID_MONTH'],
      [4, 'UNKNOWN_SERIES'],
      [6, 'UNIT_MISMATCH'],
    ]);
    expect(summary.queuedRows).to.deep.equal([
      { first: 2, last: 2, count: 1 },
      { first: 5, last: 5, count: 1 },
    ]);
    expect(spool.entries.map((e) => e.rows.map((r) => r.row))).to.deep.equal([[2], [5]]);
  });

  it('says which rows were stored and which queued when the store goes away between chunks', async () => {
    await catalog.define([{ id: 'a_x', metric: 'x', entity: 'a', unit: 'units', name: 'a', createdAt: 0 }]);
    store.failure = 'down';
    store.writesBeforeFailure = 1;
    const s = session();
    await s.addRows([row(2, 'a_x', '2024-01', 1), row(3, 'a_x', '2024-02', 2)]);
    await s.addRows([row(4, 'a_x', '2024-03', 3)]);
    await s.addRows([row(5, 'a_x', '2024-04', 4)]);
    const summary = await s.finish();
    expect(summary).to.include({ accepted: 2, inserted: 2, queued: 2, rejected: 0 });
    expect(summary.queuedRows).to.deep.equal([
      { first: 4, last: 4, count: 1 },
      { first: 5, last: 5, count: 1 },
    ]);
    expect([...store.figures.values()].map((r) => r.month).sort()).to.deep.equal(['2024-01', '2024-02']);
  });

  it('queues behind rows already waiting even though the store is up, so that rows are stored in arrival order', async () => {
    await spool.append({
      batch: 'earlier',
      format: 'csv',
      acceptedAt: 1,
      rows: [row(2, 'a_x', '2024-01', 1, 'units')],
    });
    const s = session();
    await s.addRows([row(2, 'a_x', '2024-01', 9)]);
    expect(await s.finish()).to.include({ accepted: 0, queued: 1 });
    expect(store.figures.size).to.equal(0);
    expect(spool.entries).to.have.length(2);
  });

  it('refuses a different value for a figure the batch already queued, as reconcile would', async () => {
    store.failure = 'down';
    const s = session();
    await s.addRows([row(2, 'a_x', '2024-01', 5, 'units')]);
    await s.addRows([row(3, 'a_x', '2024-01', 6), row(4, 'a_x', '2024-02', 5)]);
    const summary = await s.finish();
    expect(summary).to.include({ queued: 2, rejected: 1 });
    expect(summary.errors[0]).to.include({ row: 3, code: 'DUPLICATE_IN_BATCH' });
  });

  it('fails the batch on a final store error, and on any store error without a spool', async () => {
    store.failure = 'refuse';
    let caught: unknown = null;
    await session()
      .addRows([row(2, 'a_x', '2024-01', 5, 'units')])
      .catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.equal('field type conflict');
    store.failure = 'down';
    caught = null;
    await session('b2', false)
      .addRows([row(2, 'a_x', '2024-01', 5, 'units')])
      .catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.equal('connect ECONNREFUSED');
    expect(spool.entries).to.have.length(0);
  });

  it('stores queued rows on replay as the batch that sent them, and a second replay changes nothing', async () => {
    store.failure = 'down';
    const s = session('sent');
    await s.addRows([row(2, 'a_x', '2024-01', 5, 'units'), row(3, 'a_x', '2024-02', 6)]);
    await s.finish();
    store.failure = 'none';
    const replay = async () => {
      const r = new IngestSession({ store, catalog, now: () => spool.entries[0]!.acceptedAt }, 'sent', 'csv');
      await r.addRows(spool.entries[0]!.rows);
      return r.finish();
    };
    expect(await replay()).to.include({ inserted: 2, unchanged: 0, rejected: 0 });
    expect(await replay()).to.include({ inserted: 0, unchanged: 2, rejected: 0 });
    expect([...store.figures.values()].map((r) => [r.month, r.value, r.batch, r.ingestedAt])).to.deep.equal([
      ['2024-01', 5, 'sent', 1000],
      ['2024-02', 6, 'sent', 1000],
    ]);
  });
});
