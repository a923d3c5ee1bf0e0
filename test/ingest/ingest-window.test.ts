import { expect } from 'chai';
import { addMonths } from '../../common/month.js';
import { IngestSession } from '../../ingest/ingest.js';
import { SeriesCatalog } from '../../ingest/series-catalog.js';
import type { RawRow } from '../../ingest/types.js';
import { RangeStore } from '../support/range-store.js';

const row = (line: number, month: string, value: number, extra: Record<string, string | number> = {}): RawRow => ({
  row: line,
  fields: { series: 'maker_sales', month, value, source: 'https://maker.example/', ...extra },
});

describe('ingest/ingest: what a session reads back', () => {
  let store: RangeStore;
  let catalog: SeriesCatalog;
  const session = (batch: string) => new IngestSession({ store, catalog, now: () => 1000 }, batch, 'csv');

  beforeEach(async () => {
    store = new RangeStore();
    catalog = await SeriesCatalog.load(store);
    await catalog.define([
      { id: 'maker_sales', metric: 'sales', entity: 'maker', unit: 'units', name: 'Maker sales', createdAt: 0 },
    ]);
    // Five years of history, 2020-01 to 2024-12.
    const history = session('history');
    await history.addRows(Array.from({ length: 60 }, (_, i) => row(i + 2, addMonths('2020-01', i), 100 + i)));
    await history.finish();
    store.reads.length = 0;
  });

  it('reads a new month against its year and the year before only, and stores it once', async () => {
    const s = session('new-month');
    await s.addRows([row(2, '2025-01', 200)]);
    expect(await s.finish()).to.include({ inserted: 1, unchanged: 0 });
    expect(store.reads.map((q) => [q.from, q.to])).to.deep.equal([['2024-01', undefined]]);
    const again = session('again');
    await again.addRows([row(2, '2025-01', 200)]);
    expect(await again.finish()).to.include({ inserted: 0, unchanged: 1 });
  });

  it('reads only the months it lacks when a later chunk reaches further back, and re-sent history stays unchanged', async () => {
    const s = session('mixed');
    await s.addRows([row(2, '2025-01', 200)]);
    await s.addRows([row(3, '2021-06', 117), row(4, '2024-12', 159)]);
    expect(await s.finish()).to.include({ inserted: 1, unchanged: 2, restated: 0 });
    expect(store.reads.map((q) => [q.from, q.to])).to.deep.equal([
      ['2024-01', undefined],
      ['2020-01', '2023-12'],
    ]);
    expect(store.figures.size).to.equal(61);
  });

  it('still finds a stated YoY growth that disagrees with the same month a year earlier', async () => {
    const s = session('yoy');
    // 2024-03 is 150: 180 is +20 %, not the +50 % stated.
    await s.addRows([row(2, '2025-03', 180, { yoy_pct_stated: 50 })]);
    const summary = await s.finish();
    expect(summary.conflicts.map((c) => [c.month, c.code])).to.deep.equal([['2025-03', 'YOY_MISMATCH']]);
  });
});
