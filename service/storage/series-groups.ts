/**
 * Queries that name many series. InfluxDB 1.x evaluates OR'ed tag conditions in time that grows
 * with the square of their number: reading 5,000 series' figures took 13.4 s in one query of 5,000
 * conditions and 1.3 s in 25 queries of 200 (measured on a private influxd, 24 months a series).
 * So a query names at most SERIES_PER_QUERY series, and longer lists go in groups.
 */
import { ident, TAG } from './schema.js';

export const SERIES_PER_QUERY = 200;
/**
 * Groups asked at once. InfluxDB answers each query on a core of its own, and most of a group's
 * time is its condition's evaluation, not the transfer: two at a time read 5,000 series' figures
 * in about two thirds of the time one at a time took.
 */
export const GROUPS_IN_FLIGHT = 2;

/**
 * `query` run on each group of at most SERIES_PER_QUERY items, GROUPS_IN_FLIGHT at a time; their
 * rows in the groups' order. The first failure is thrown once the groups under way have ended.
 */
export async function inGroups<T, R>(items: readonly T[], query: (group: readonly T[]) => Promise<R[]>): Promise<R[]> {
  if (items.length <= SERIES_PER_QUERY) return query(items);
  const groups: (readonly T[])[] = [];
  for (let i = 0; i < items.length; i += SERIES_PER_QUERY) groups.push(items.slice(i, i + SERIES_PER_QUERY));
  const answers: R[][] = new Array<R[]>(groups.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < groups.length && !failed) {
      const at = next++;
      try {
        answers[at] = await query(groups[at]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: GROUPS_IN_FLIGHT }, worker));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  const out: R[] = [];
  for (const rows of answers) for (const row of rows) out.push(row);
  return out;
}

/**
 * Whether a query should name `named` of `all` series rather than read every series and keep theirs:
 * naming costs InfluxDB about 0.1 ms a named series and query, reading one that is not needed about
 * as much, so past half of them reading all costs less.
 */
export function worthNaming(named: number, all: number): boolean {
  return named * 2 < all;
}

/** `("series" = $s0 OR "series" = $s1 …)`, the ids bound as placeholders `s<i>` in `placeholders`. */
export function seriesCondition(ids: readonly string[], placeholders: Record<string, string>): string {
  return `(${ids
    .map((id, i) => {
      placeholders[`s${i}`] = id;
      return `${ident(TAG.series)} = $s${i}`;
    })
    .join(' OR ')})`;
}
