/** Numbers the overview and the series view both derive from a stored forecast. */
import { yearOf } from '../../../common/month.js';
import { isAdditiveUnit } from '../../../common/units.js';
import type { SeriesForecast, YearOutlook } from '../../../service/contract/index.js';

/** The full-year outlook of the year the forecast starts in (the current year, for planners). */
export function currentYearOutlook(forecast: SeriesForecast | null | undefined, unit: string): YearOutlook | null {
  const first = forecast?.points[0];
  if (!forecast || !first || !isAdditiveUnit(unit)) return null;
  const year = yearOf(first.month);
  return forecast.years.find((y) => y.year === year && y.fullYear !== null) ?? null;
}
