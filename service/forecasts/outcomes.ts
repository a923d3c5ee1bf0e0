/**
 * Forecast accuracy over time: when actuals arrive for months that earlier runs forecast, each
 * such forecast's error is computed (pure) and stored, so the dashboard can show how past
 * forecasts did. A restated actual recomputes the outcome and overwrites it.
 */
import type { ForecastOutcome, StoredForecastPoint } from '../contract/index.js';
import type { ForecastStore } from './forecast-store.js';

/** Outcomes of earlier forecasts of one series, given the actual value of each month. */
export function outcomesOf(
  series: string,
  actuals: ReadonlyMap<string, number>,
  forecasts: readonly (StoredForecastPoint & { run: string; model: string; fittedAt: string })[],
): ForecastOutcome[] {
  const out: ForecastOutcome[] = [];
  for (const f of forecasts) {
    const actual = actuals.get(f.month);
    if (actual === undefined || !Number.isFinite(actual)) continue;
    const error = actual - f.point;
    out.push({
      series,
      run: f.run,
      model: f.model,
      month: f.month,
      h: f.h,
      fittedAt: f.fittedAt,
      actual,
      point: f.point,
      error,
      apePct: actual !== 0 ? (Math.abs(error) / Math.abs(actual)) * 100 : null,
      within80: actual >= f.lo80 && actual <= f.hi80,
      within95: actual >= f.lo95 && actual <= f.hi95,
    });
  }
  return out;
}

/** Scores every stored forecast of the given months against their actuals (one query, no write). */
export async function scoreOutcomes(
  store: ForecastStore,
  series: string,
  actuals: ReadonlyMap<string, number>,
): Promise<ForecastOutcome[]> {
  const forecasts = await store.forecastsOf(series, [...actuals.keys()]);
  return outcomesOf(series, actuals, forecasts);
}
