import { expect } from 'chai';
import { addMonths } from '../../common/month.js';
import { IngestSession, type StoredChange } from '../../ingest/ingest.js';
import { SeriesCatalog } from '../../ingest/series-catalog.js';
import { StoredEnds } from '../../ingest/stored-ends.js';
import type { RawRow } from '../../ingest/types.js';
import { StoreError } from '../../service/storage/store-error.js';
import { RangeStore } from '../support/range-store.js';

const row = (line: number, month: string, value: number, extra: Record<string, string | number> = {}): RawRow => ({
  row: line,
  fields: { series: 'maker_sales', month, value, source: 'https://maker.example/', ...extra },
});

describe('ingest/stored-ends: months after the last stored one are not read back', () => {
  let store: RangeStore;
  let catalog: SeriesCatalog;
  let ends: StoredEnds;
  let changes: StoredChange[];
  const session = (batch: string) =>
    new IngestSession({ store, catalog, now: () => 1000, ends, onStored: (c) => changes.push(c) }, batch, 'csv');
  const ingest = async (batch: string, ...chunks: RawRow[][]) => {
    const s = session(batch);
    for (const rows of chunks) await s.addRows(rows);
    return s.finish();
  };
  const readsOf = () => store.reads.map((q) => [q.from, q.to]);

  beforeEach(async () => {
    store = new RangeStore();
    catalog = await SeriesCatalog.load(store);
    ends = new StoredEnds();
    changes = [];
    await catalog.define([
      { id: 'maker_sales', metric: 'sales', entity: 'maker', unit: 'units', name: 'Maker sales', createdAt: 0 },
    ]);
    // Two years of history, stored before this process started: where they end is not known yet.
    const history = new IngestSession({ store, catalog, now: () => 1000 }, 'history', 'csv');
    await history.addRows(Array.from({ length: 24 }, (_, i) => row(i + 2, addMonths('2023-01', i), 100 + i)));
    await history.finish();
    store.reads.length = 0;
    changes.length = 0;
  });

  it('stores the next month without reading, and reads it back when it is sent again', async () => {
    expect(await ingest('jan', [row(2, '2025-01', 200)])).to.include({ inserted: 1 });
    expect(readsOf()).to.deep.equal([['2024-01', undefined]]);
    store.reads.length = 0;
    // The read above taught where the series ends; the write moved it on.
    expect(ends.of('maker_sales')).to.equal('2025-02');
    expect(await ingest('feb', [row(2, '2025-02', 210)])).to.include({ inserted: 1 });
    expect(readsOf()).to.deep.equal([]);
    expect(changes.at(-1)!.unread).to.deep.equal(new Set(['maker_sales']));
    expect(
      changes
        .at(-1)!
        .figures!.get('maker_sales')!
        .map((f) => f.month),
    ).to.deep.equal(['2025-02']);
    // Re-sent: 2025-02 is stored now, so it is read and found unchanged; nothing is stored twice.
    expect(await ingest('feb-again', [row(2, '2025-02', 210)])).to.include({ inserted: 0, unchanged: 1 });
    expect(readsOf()).to.deep.equal([['2024-01', undefined]]);
    expect(store.figures.size).to.equal(26);
  });

  it('reads back a restatement of a stored month, and records it as one', async () => {
    await ingest('jan', [row(2, '2025-01', 200)]);
    store.reads.length = 0;
    expect(await ingest('fix', [row(2, '2024-12', 999)])).to.include({ restated: 1 });
    expect(readsOf()).to.deep.equal([['2023-01', undefined]]);
  });

  it('reads the year before for a year-to-date total or a stated growth, and finds their conflicts', async () => {
    await ingest('jan', [row(2, '2025-01', 200)]);
    store.reads.length = 0;
    // 2024-02 is 113: 226 is +100 %, not the +50 % stated.
    const stated = await ingest('feb', [row(2, '2025-02', 226, { yoy_pct_stated: 50 })]);
    expect(stated.conflicts.map((c) => [c.month, c.code])).to.deep.equal([['2025-02', 'YOY_MISMATCH']]);
    expect(readsOf()).to.deep.equal([['2024-01', undefined]]);
  });

  it('reads again what a later chunk of the same upload needs from before the unread months', async () => {
    const summary = await ingest('two-chunks', [row(2, '2025-01', 200)], [row(3, '2024-06', 500)]);
    expect(summary).to.include({ inserted: 1, restated: 1 });
    store.reads.length = 0;
    await ingest('mar', [row(2, '2025-02', 1)], [row(3, '2025-03', 2)], [row(4, '2024-11', 3)]);
    // Only the last chunk reaches before what was unread: the months before the first unread one.
    expect(readsOf()).to.deep.equal([['2023-01', '2025-01']]);
  });

  it('finds two sources disagreeing within the new month', async () => {
    await ingest('jan', [row(2, '2025-01', 200)]);
    store.reads.length = 0;
    const both = await ingest('feb', [
      row(2, '2025-02', 210),
      row(3, '2025-02', 260, { source: 'https://other.example/' }),
    ]);
    expect(readsOf()).to.deep.equal([]);
    expect(both.conflicts.map((c) => [c.month, c.code])).to.have.deep.members([['2025-02', 'SOURCES_DISAGREE']]);
  });

  it('forgets where a series ends when a write fails, and reads it back next time', async () => {
    await ingest('jan', [row(2, '2025-01', 200)]);
    store.failWrites = new StoreError(true, 'InfluxDB unreachable');
    let failed: unknown = null;
    await ingest('feb', [row(2, '2025-02', 210)]).catch((error: unknown) => (failed = error));
    expect(failed).to.be.instanceOf(StoreError);
    expect(ends.of('maker_sales')).to.equal(undefined);
    store.failWrites = null;
    store.reads.length = 0;
    await ingest('feb', [row(2, '2025-02', 210)]);
    expect(readsOf()).to.deep.equal([['2024-01', undefined]]);
  });

  it('knows a series it creates ends at its first month', async () => {
    const s = session('new');
    await s.addRows([{ row: 2, fields: { series: 'fresh_sales', month: '2025-01', value: 5, unit: 'units' } }]);
    await s.finish();
    expect(ends.of('fresh_sales')).to.equal('2025-02');
    store.reads.length = 0;
    await ingest('next', [{ row: 2, fields: { series: 'fresh_sales', month: '2025-02', value: 6, unit: 'units' } }]);
    expect(readsOf()).to.deep.equal([]);
  });
});
