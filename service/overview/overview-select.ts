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
  /**
   * Some month of the series carries a published year-to-date total: a year to date that its months alone
   * cannot give may rest on one the row does not hold (appended-months.ts).
   */
  readonly publishedYtd: boolean;
}

export const indexed = (row: OverviewRow, publishedYtd = false): IndexedRow => ({
  row,
  text: `${row.id}\n${row.name}`.toLowerCase(),
  publishedYtd,
});

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

/** A row with its value in one sort column. */
export interface SortedRow {
  readonly value: SortValue;
  readonly entry: IndexedRow;
}

/** Every row in the order of `sort`: what a page is cut from (the index keeps it until a row changes). */
export function sortRows(rows: Iterable<IndexedRow>, sort: OverviewSort): SortedRow[] {
  const sorted: SortedRow[] = [];
  for (const entry of rows) sorted.push({ value: sortValue(entry.row, sort.key), entry });
  return sorted.sort((a, b) => compare(a.value, a.entry.row.id, b.value, b.entry.row.id, sort.dir));
}

/** The page `query` asks for, from every row in the query's sort (`sortRows`). */
export function selectPage(sorted: readonly SortedRow[], query: OverviewQuery): OverviewPage {
  const sort: OverviewSort = query.sort ?? DEFAULT_SORT;
  const wanted = query.series ? new Set(query.series) : null;
  const q = query.q === undefined || query.q.trim() === '' ? null : query.q.trim().toLowerCase();
  const from = query.cursor ? firstAfter(sorted, query.cursor, sort.dir) : 0;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const page: SortedRow[] = [];
  let total = 0;
  let more = false;
  // One pass: every match counts towards the total; those after the cursor fill the page.
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i]!;
    if (!matches(item.entry, query, wanted, q)) continue;
    total++;
    if (i < from) continue;
    if (page.length < limit) page.push(item);
    else more = true;
  }
  const last = page[page.length - 1];
  return {
    series: page.map((k) => k.entry.row),
    total,
    nextCursor: more && last ? encodeCursor({ sort: sortText(sort), value: last.value, id: last.entry.row.id }) : null,
  };
}

/** Index of the first row after the cursor's place (binary search: the rows are in order). */
function firstAfter(sorted: readonly SortedRow[], cursor: OverviewCursor, dir: 1 | -1): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = sorted[mid]!;
    if (compare(k.value, k.entry.row.id, cursor.value, cursor.id, dir) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
