/**
 * Filters, sorts and pages the overview's rows in memory (pure). Rows without a value in the sort
 * column come last whichever way it is sorted; ties go by id, so every row has one place and a
 * cursor (the last row's value and id) says where the next page starts.
 */
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SORT,
  encodeCursor,
  sortText,
  type OverviewCursor,
  type OverviewPage,
  type OverviewQuery,
  type OverviewRow,
  type OverviewSort,
  type OverviewSortKey,
} from '../contract/index.js';

/** A row with what filtering needs, prepared once per change of the row. */
export interface IndexedRow {
  readonly row: OverviewRow;
  /** Id and name in lower case, for `q`. */
  readonly text: string;
}

export const indexed = (row: OverviewRow): IndexedRow => ({ row, text: `${row.id}\n${row.name}`.toLowerCase() });

type SortValue = string | number | null;

export function sortValue(row: OverviewRow, key: OverviewSortKey): SortValue {
  switch (key) {
    case 'name':
      return row.name || row.id;
    case 'ytdPct':
      return row.ytd?.yoyPct ?? null;
    case 'fyPct':
      return row.outlook?.fullYearYoyPct ?? null;
    default:
      return row[key];
  }
}

/** Negative when (a, aId) comes before (b, bId) in `dir`. */
function compare(a: SortValue, aId: string, b: SortValue, bId: string, dir: 1 | -1): number {
  if (a !== b) {
    if (a === null) return 1;
    if (b === null) return -1;
    if (a < b) return -dir;
    if (a > b) return dir;
  }
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

function matches(entry: IndexedRow, query: OverviewQuery, wanted: ReadonlySet<string> | null, q: string | null) {
  const { row } = entry;
  if (wanted && !wanted.has(row.id)) return false;
  if (query.metric !== undefined && row.metric !== query.metric) return false;
  if (query.entity !== undefined && row.entity !== query.entity) return false;
  if (query.unit !== undefined && row.unit !== query.unit) return false;
  if (query.hasConflicts !== undefined && row.conflicts > 0 !== query.hasConflicts) return false;
  return q === null || entry.text.includes(q);
}

/** The page `query` asks for. */
export function selectPage(rows: Iterable<IndexedRow>, query: OverviewQuery): OverviewPage {
  const sort: OverviewSort = query.sort ?? DEFAULT_SORT;
  const wanted = query.series ? new Set(query.series) : null;
  const q = query.q === undefined || query.q.trim() === '' ? null : query.q.trim().toLowerCase();
  const keyed: { value: SortValue; row: OverviewRow }[] = [];
  for (const entry of rows)
    if (matches(entry, query, wanted, q)) keyed.push({ value: sortValue(entry.row, sort.key), row: entry.row });
  keyed.sort((a, b) => compare(a.value, a.row.id, b.value, b.row.id, sort.dir));
  const from = query.cursor ? firstAfter(keyed, query.cursor, sort.dir) : 0;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const page = keyed.slice(from, from + limit);
  const last = page[page.length - 1];
  const more = from + limit < keyed.length;
  return {
    series: page.map((k) => k.row),
    total: keyed.length,
    nextCursor:
      more && last
        ? encodeCursor({ sort: sortText(sort), value: last.value, id: last.row.id } as OverviewCursor)
        : null,
  };
}

/** Index of the first row after the cursor's place (binary search: the rows are in order). */
function firstAfter(keyed: readonly { value: SortValue; row: OverviewRow }[], cursor: OverviewCursor, dir: 1 | -1) {
  let lo = 0;
  let hi = keyed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = keyed[mid]!;
    if (compare(k.value, k.row.id, cursor.value, cursor.id, dir) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
