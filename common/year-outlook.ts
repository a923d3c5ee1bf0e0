/** Which of a forecast's year outlooks planners read as "this year": one rule for the service and the page. */
import { yearOf } from './month.js';
import { isAdditiveUnit } from './units.js';

/**
 * The full-year outlook of the year the forecast starts in (the current year, for planners); null
 * without a forecast, for a unit whose months do not add up to a year, or when that year has no total.
 */
export function currentYearOutlook<Y extends { readonly year: number; readonly fullYear: unknown }>(
  forecast: { readonly points: readonly { readonly month: string }[]; readonly years: readonly Y[] } | null | undefined,
  unit: string,
): Y | null {
  const first = forecast?.points[0];
  if (!forecast || !first || !isAdditiveUnit(unit)) return null;
  const year = yearOf(first.month);
  return forecast.years.find((y) => y.year === year && y.fullYear !== null) ?? null;
}

/**
 * What a full year's total is made of, in words: `9 months reported, 3 within published totals` or
 * `1 month reported, 1 estimated (no figure published), 10 forecast`. The counts of months without a figure
 * are null for a fit stored before they were counted (nothing is said of them then).
 */
export function yearMonthsText(year: {
  readonly monthsActual: number;
  readonly monthsInTotals: number | null;
  readonly monthsFilled: number | null;
  readonly monthsForecast: number;
}): string {
  const months = (n: number): string => `${n} month${n === 1 ? '' : 's'}`;
  const parts = [`${months(year.monthsActual)} reported`];
  if (year.monthsInTotals) parts.push(`${year.monthsInTotals} within published totals`);
  if (year.monthsFilled) parts.push(`${year.monthsFilled} estimated (no figure published)`);
  if (year.monthsForecast > 0) parts.push(`${year.monthsForecast} forecast`);
  return parts.join(', ');
}
