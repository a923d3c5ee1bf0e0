/**
 * Fits a chosen method and turns it into point forecasts, sample paths and per-month intervals: the one
 * place where widening and the non-negativity of the data are applied, so that the forecast, the backtest
 * and the benchmark all score the same thing.
 */
import { addFillUncertainty } from './fill-uncertainty.js';
import type { PreparedSeries } from './gaps.js';
import { clampAtZero, samplePaths, scaleDeviations, stepIntervals } from './intervals.js';
import { seededRandom } from './random.js';
import type { MethodChoice } from './select.js';
import type { FittedModel, Interval } from './types.js';

export interface MethodRun {
  readonly model: FittedModel;
  readonly point: Float64Array;
  readonly paths: Float64Array[];
  readonly intervals: Interval[];
}

/** Fits `choice` to the prepared series and simulates `paths` paths of `h` steps from `seed`. */
export function runMethod(
  choice: MethodChoice,
  series: PreparedSeries,
  h: number,
  period: number,
  paths: number,
  seed: number,
): MethodRun {
  const run = runFitted(choice, choice.spec.fit(series.y, period), series, h, paths, seed);
  if (series.filled === 0) return run;
  // What the filled months could have been widens the paths further; refits, so not for re-filtered origins.
  addFillUncertainty(run.paths, run.point, choice.spec, series, period, seed);
  if (series.nonNegative) clampAtZero(run.paths, run.point);
  return { ...run, intervals: stepIntervals(run.paths, run.point) };
}

/**
 * Point forecasts, paths and intervals of a model already fitted (or re-filtered) on `series.y`, widened and
 * kept non-negative exactly as `runMethod` does.
 */
export function runFitted(
  choice: MethodChoice,
  model: FittedModel,
  series: Pick<PreparedSeries, 'nonNegative'>,
  h: number,
  paths: number,
  seed: number,
): MethodRun {
  const point = model.forecast(h);
  const sims = samplePaths(model, h, paths, seededRandom(seed));
  if (choice.widen !== 1) scaleDeviations(sims, point, new Float64Array(h).fill(choice.widen));
  if (series.nonNegative) clampAtZero(sims, point);
  return { model, point, paths: sims, intervals: stepIntervals(sims, point) };
}
