/**
 * The year-over-year growth rule, one copy for the engine, the read side and the page: growth of a value
 * over the same period a year before, in percent. Growth is only meaningful against a positive base, so a
 * base ≤ 0 (or a missing or non-finite value on either side) gives null rather than a number with a
 * flipped or infinite sign. The result is never rounded: rounding belongs to where a number is shown
 * (display-format.ts), so that sums and comparisons of stored growth stay exact.
 */
import { januaryIndex, monthFromIndex, monthIndex, yearOfIndex, type MonthKey } from './month.js';
import { isAdditiveUnit } from './units.js';

/** `(value − base) / base × 100`, or null when either is missing or non-finite, or `base` ≤ 0. */
export function yoyGrowthPct(value: number | null | undefined, base: number | null | undefined): number | null {
  if (value === null || value === undefined || base === null || base === undefined) return null;
  if (!Number.isFinite(value) || !Number.isFinite(base) || base <= 0) return null;
  // The difference first: value / base − 1 loses digits to cancellation when growth is small.
  return ((value - base) / base) * 100;
}

/** Year to date through a month, against the same months a year before. */
export interface YearToDate {
  /** The last month summed (January of its year is the first). */
  readonly through: MonthKey;
  readonly value: number;
  /**
   * The same months a year before; null when they are not known (a series that began this year, or whose
   * last year has a month no figure or total covers): this year's sum still reads, with nothing to compare.
   */
  readonly lastYear: number | null;
  /** {@link yoyGrowthPct} of `value` over `lastYear`. */
  readonly yoyPct: number | null;
  /**
   * `months`: both years summed from their monthly figures; `published`: a year's months were not all known,
   * and a year-to-date total as its source reported it (with the months after it) stands in.
   */
  readonly basis: 'months' | 'published';
}

/**
 * Sums January..`through` and the same months a year before when every one of them has a value (`valueOf`
 * gives undefined for a month without one). Where one does not, a published year-to-date total (`ytdOf`)
 * through that month or a later one of the year stands in for the months up to it: China's statistics
 * often report January and February only together. Null when neither gives this year's sum; `lastYear`
 * null when neither gives last year's (a partial sum would compare unlike periods).
 */
export function yearToDate(
  through: MonthKey,
  valueOf: (month: MonthKey) => number | undefined,
  ytdOf?: (month: MonthKey) => number | undefined,
): YearToDate | null {
  return yearToDateAt(
    monthIndex(through),
    (i) => valueOf(monthFromIndex(i)),
    ytdOf && ((i) => ytdOf(monthFromIndex(i))),
  );
}

/** {@link yearToDate} with months as their {@link monthIndex}, for callers that hold values by index. */
export function yearToDateAt(
  through: number,
  valueAt: (index: number) => number | undefined,
  ytdAt?: (index: number) => number | undefined,
): YearToDate | null {
  // January..end from the months, a published total through a month standing in for the months up to it
  // (the newest one counts); undefined when a month after the last total has no value.
  const sum = (end: number, totalAt?: (index: number) => number | undefined): number | undefined => {
    let s: number | undefined = 0;
    for (let i = januaryIndex(yearOfIndex(end)); i <= end; i++) {
      const total = totalAt?.(i);
      if (total !== undefined) s = total;
      else if (s !== undefined) {
        const v = valueAt(i);
        s = v === undefined ? undefined : s + v;
      }
    }
    return s;
  };
  const value = sum(through);
  const lastYear = sum(through - 12);
  const v = value ?? sum(through, ytdAt);
  if (v === undefined) return null;
  const lv = lastYear ?? sum(through - 12, ytdAt);
  return {
    through: monthFromIndex(through),
    value: v,
    lastYear: lv ?? null,
    yoyPct: yoyGrowthPct(v, lv),
    basis: value !== undefined && (lastYear !== undefined || lv === undefined) ? 'months' : 'published',
  };
}

/**
 * The year to date a series shows, one rule for the API's summary and the page: through its latest month,
 * or through a later month whose published year-to-date figure has no monthly figure of its own (Jan–Feb
 * reported only together); null for a unit whose months do not add up (a share, a rate) or a series
 * without a month.
 */
export function seriesYearToDate(
  unit: string,
  latest: MonthKey | undefined,
  valueOf: (month: MonthKey) => number | undefined,
  published: ReadonlyMap<MonthKey, number>,
): YearToDate | null {
  let through = latest;
  for (const month of published.keys()) if (through === undefined || month > through) through = month;
  if (through === undefined || !isAdditiveUnit(unit)) return null;
  return yearToDate(through, valueOf, (m) => published.get(m));
}
