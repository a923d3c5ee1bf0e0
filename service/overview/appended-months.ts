/**
 * A series' overview row after months were added past its latest one, from the row alone (pure):
 * what the row shows of a new latest month (its YoY growth, its year to date, the sparkline) lies
 * within the last {@link SPARK_MONTHS} months, which the row's sparkline already holds. So a month
 * appended to 10,000 series updates the overview without reading any of them back.
 */
import { monthIndex } from '../../common/month.js';
import { isAdditiveUnit } from '../../common/units.js';
import { yearToDateAt, yoyGrowthPct } from '../../common/yoy.js';
import { whatIsMissing } from '../../forecasting/index.js';
import type { ResolvedMonth } from '../../ingest/resolve.js';
import { SPARK_MONTHS, type OverviewRow } from '../contract/index.js';
import { isOpenConflict } from '../series-summary.js';

/**
 * The row with `added` (resolved, oldest first, every one after `row.latestMonth`) appended; null
 * when the row cannot tell what the new one needs (a month of it before the sparkline's reach, or a year
 * to date that may rest on a published total the row does not hold: `publishedYtd`, some month of the
 * series before `added` carries one).
 */
export function appendMonths(
  row: OverviewRow,
  added: readonly ResolvedMonth[],
  publishedYtd = false,
): OverviewRow | null {
  if (added.length === 0) return row;
  if (row.latestMonth !== null && added[0]!.month <= row.latestMonth) return null;
  const latest = added[added.length - 1]!;
  // The year to date ran through a later published total (Jan–Feb reported together): it still does.
  if (row.ytd !== null && row.ytd.through > latest.month) return null;
  const firstMonth = row.firstMonth ?? added[0]!.month;
  const first = monthIndex(firstMonth);
  const last = monthIndex(latest.month);
  // The new sparkline's first month; the year to date reads no earlier (January of the year before).
  const needed = last - (SPARK_MONTHS - 1);
  // Values from `needed` on, by month index less `needed`.
  const window: (number | undefined)[] = new Array<number | undefined>(SPARK_MONTHS);
  if (row.latestMonth !== null) {
    // The sparkline starts at the series' first month or SPARK_MONTHS before its latest, the later:
    // before it the row knows nothing, unless the series starts there.
    const from = monthIndex(row.latestMonth) - (row.spark.length - 1);
    if (needed < from && from !== first) return null;
    row.spark.forEach((v, i) => {
      if (v !== null && from + i >= needed) window[from + i - needed] = v;
    });
  }
  for (const m of added) {
    const i = monthIndex(m.month);
    if (i >= needed) window[i - needed] = m.value;
  }
  const valueAt = (i: number) => (i >= needed ? window[i - needed] : undefined);
  const additive = isAdditiveUnit(row.unit);
  const ytd = additive ? yearToDateAt(last, valueAt) : null;
  // Without every month of a year, that year's sum may be the published totals' (series-summary.ts).
  const unknownYear = ytd === null || ytd.lastYear === null;
  if (additive && unknownYear && (publishedYtd || added.some((m) => m.ytd !== null))) return null;
  const months = row.months + added.length;
  const spark: (number | null)[] = [];
  for (let i = Math.max(first, needed); i <= last; i++) spark.push(valueAt(i) ?? null);
  return {
    ...row,
    months,
    firstMonth,
    latestMonth: latest.month,
    latestValue: latest.value,
    yoyPct: yoyGrowthPct(latest.value, valueAt(last - 12)),
    ytd,
    conflicts: row.conflicts + added.filter(isOpenConflict).length,
    forecastNeeds: whatIsMissing(months),
    spark,
  };
}
