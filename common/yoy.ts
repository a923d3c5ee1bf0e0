/**
 * The year-over-year growth rule, one copy for the engine, the read side and the page: growth of a value
 * over the same period a year before, in percent. Growth is only meaningful against a positive base, so a
 * base ≤ 0 (or a missing or non-finite value on either side) gives null rather than a number with a
 * flipped or infinite sign. The result is never rounded: rounding belongs to where a number is shown
 * (display-format.ts), so that sums and comparisons of stored growth stay exact.
 */
import { januaryIndex, monthFromIndex, monthIndex, yearOfIndex, type MonthKey } from './month.js';

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
  readonly lastYear: number;
  /** {@link yoyGrowthPct} of `value` over `lastYear`. */
  readonly yoyPct: number | null;
}

/**
 * Sums January..`through` and the same months a year before, or null unless every one of them has a
 * value (`valueOf` gives undefined for a month without one): a partial sum would compare unlike periods.
 */
export function yearToDate(through: MonthKey, valueOf: (month: MonthKey) => number | undefined): YearToDate | null {
  return yearToDateAt(monthIndex(through), (i) => valueOf(monthFromIndex(i)));
}

/** {@link yearToDate} with months as their {@link monthIndex}, for callers that hold values by index. */
export function yearToDateAt(through: number, valueAt: (index: number) => number | undefined): YearToDate | null {
  let value = 0;
  let lastYear = 0;
  for (let i = januaryIndex(yearOfIndex(through)); i <= through; i++) {
    const v = valueAt(i);
    const lv = valueAt(i - 12);
    if (v === undefined || lv === undefined) return null;
    value += v;
    lastYear += lv;
  }
  return { through: monthFromIndex(through), value, lastYear, yoyPct: yoyGrowthPct(value, lastYear) };
}
