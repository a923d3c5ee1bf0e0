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
