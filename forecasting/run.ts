/**
 * Fits a chosen method and turns it into point forecasts, sample paths and per-month intervals: the one
 * place where calibration and the non-negativity of the data are applied, so that the forecast, the backtest
 * and the benchmark all score the same thing.
 */
import { addFillUncertainty } from './fill-uncertainty.js';
import type { PreparedSeries } from './gaps.js';
import { applyCalibration } from './calibration.js';
import { clampAtZero, samplePaths, stepIntervals } from './intervals.js';
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
  // Filled months widen the forecast proper; backtest origins (runFitted alone) score the model's own errors.
  const spreadFilled = (sims: Float64Array[], point: Float64Array): void =>
    addFillUncertainty(sims, point, choice.spec, series, period, seed);
  return runFitted(choice, choice.spec.fit(series.y, period), series, h, paths, seed, spreadFilled);
}

/**
 * Point forecasts, paths and intervals of a model already fitted (or re-filtered) on `series.y`, calibrated and
 * kept non-negative exactly as `runMethod` does.
 */
export function runFitted(
  choice: MethodChoice,
  model: FittedModel,
  series: Pick<PreparedSeries, 'nonNegative'>,
  h: number,
  paths: number,
  seed: number,
  spreadFilled?: (sims: Float64Array[], point: Float64Array) => void,
): MethodRun {
  const point = model.forecast(h);
  const sims = samplePaths(model, h, paths, seededRandom(seed));
  applyCalibration(sims, point, choice.calibration);
  spreadFilled?.(sims, point);
  if (series.nonNegative) clampAtZero(sims, point);
  return { model, point, paths: sims, intervals: stepIntervals(sims, point) };
}
