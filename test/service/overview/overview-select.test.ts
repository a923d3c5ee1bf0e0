import { expect } from 'chai';
import {
  decodeCursor,
  type OverviewQuery,
  type OverviewRow,
  type OverviewSort,
} from '../../../service/contract/index.js';
import { indexed, selectPage, sortRows } from '../../../service/overview/overview-select.js';

const row = (id: string, yoyPct: number | null, extra: Partial<OverviewRow> = {}): OverviewRow => ({
  id,
  name: id.toUpperCase(),
  metric: 'sales',
  entity: id.split('_')[0]!,
  unit: 'units',
  months: 24,
  firstMonth: '2023-01',
  latestMonth: '2024-12',
  latestValue: 1,
  yoyPct,
  ytd: null,
  conflicts: 0,
  spark: [],
  outlook: null,
  forecastNeeds: null,
  ...extra,
});

const rows = [row('a_1', 5), row('b_1', null), row('c_1', 5), row('d_1', -3), row('e_1', 12)].map((r) => indexed(r));
const page = (sort: OverviewSort, query: Partial<OverviewQuery> = {}) =>
  selectPage(sortRows(rows, sort), { sort, ...query } as OverviewQuery);
const ids = (p: { series: readonly { id: string }[] }) => p.series.map((r) => r.id);

describe('service/overview/overview-select', () => {
  it('sorts both ways with rows without a value last and ties by id', () => {
    expect(ids(page({ key: 'yoyPct', dir: 1 }))).to.deep.equal(['d_1', 'a_1', 'c_1', 'e_1', 'b_1']);
    expect(ids(page({ key: 'yoyPct', dir: -1 }))).to.deep.equal(['e_1', 'a_1', 'c_1', 'd_1', 'b_1']);
  });

  it('walks every row once page by page, the cursor holding the sort and the last place', () => {
    const sort: OverviewSort = { key: 'yoyPct', dir: -1 };
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = page(sort, { limit: 2, ...(cursor ? { cursor: decodeCursor(cursor)! } : {}) });
      expect(p.total).to.equal(5);
      seen.push(...ids(p));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).to.deep.equal(['e_1', 'a_1', 'c_1', 'd_1', 'b_1']);
    const first = page(sort, { limit: 2 });
    expect(decodeCursor(first.nextCursor!)).to.deep.equal({ sort: '-yoyPct', value: 5, id: 'a_1' });
  });

  it('counts and pages only the rows that match, text in any case', () => {
    const p = page({ key: 'name', dir: 1 }, { q: 'C_', limit: 10 });
    expect(ids(p)).to.deep.equal(['c_1']);
    expect(p).to.include({ total: 1, nextCursor: null });
  });
});
