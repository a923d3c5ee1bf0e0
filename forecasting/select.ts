/**
 * Which method answers a request, and why, in words a planner can read. `auto` picks the default
 * combination for series with enough clean history, and otherwise the equal-weight mean of that
 * combination and the YoY growth baseline: on the bench's short and gappy series (sparse regime, odd half)
 * the mean had a MASE of 0.862 where the combination alone had 0.930 and the baseline alone 0.957; on the
 * gappy regime's odd half, which the rule was not chosen on (24-47 figures, 40 % of months missing), 0.988
 * against 1.048 and 1.116.
 *
 * `auto` also calibrates the intervals from the errors its method made out of sample on series with as much
 * history (calibration.ts); a method asked for by name keeps its model's own intervals.
 */
import { calibrationFor, UNCALIBRATED, type Calibration } from './calibration.js';
import { ForecastInputError } from './errors.js';
import type { PreparedSeries } from './gaps.js';
import { combinationWithYoy, defaultCombination, findMethod } from './models/index.js';
import { onSeasonalShape } from './models/shape-adjusted.js';
import { yoyGrowthModel } from './models/yoy-growth.js';
import type { ModelSpec } from './types.js';

export interface MethodChoice {
  readonly spec: ModelSpec;
  readonly reason: string;
  /** How the paths' spread is calibrated (UNCALIBRATED: the model's own). */
  readonly calibration: Calibration;
}

/** Months of clean history below which `auto` averages the combination with the growth baseline. */
export const MIN_MODEL_MONTHS = 24;
/** Share of filled months above which `auto` averages the combination with the growth baseline. */
export const MAX_FILLED_SHARE = 0.25;

/** `1 missing month`, `2 missing months`. */
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function describeHistory(series: PreparedSeries): string {
  const parts = [count(series.nObserved, 'monthly figure')];
  if (series.derived > 0) parts.push(`${series.derived} derived from known totals`);
  if (series.fromTotals > 0)
    parts.push(`${count(series.fromTotals, 'missing month')} filled to add up to known totals`);
  const interpolated = series.filled - series.fromTotals;
  if (interpolated > 0) parts.push(`${count(interpolated, 'missing month')} filled by interpolation`);
  if (series.dropped > 0)
    parts.push(`${count(series.dropped, 'older month')} left out because of gaps before the recent run`);
  if (series.relatedName !== null)
    parts.push(`its months follow the seasonal shape of ${series.relatedName}, which its own figures cannot estimate`);
  return parts.join('; ');
}

/**
 * Months the growth baseline may take as figures: actual ones, and months filled to add up to a known total,
 * whose span's sum is a figure (a quarter or half-year compared with the same months a year before).
 */
function knownMonths(series: PreparedSeries): Uint8Array {
  const known = series.observed.slice();
  for (const span of series.spans) known.fill(1, span.from, span.to + 1);
  return known;
}

/** The YoY growth baseline forecast beside every answer, on the months it may take as figures. */
export function yoyBaseline(series: PreparedSeries): ModelSpec {
  return yoyGrowthModel(knownMonths(series));
}

/**
 * The default combination for this series: on the related series' seasonal shape where the series' gaps
 * follow that shape (its own figures cannot estimate one).
 */
function modelsFor(series: PreparedSeries): ModelSpec {
  if (series.relatedName === null || series.seasonalShape === null) return defaultCombination;
  return onSeasonalShape(defaultCombination, series.seasonalShape, series.phase, series.relatedName);
}

/** Resolves the requested method name for this series. */
export function chooseMethod(requested: string, series: PreparedSeries): MethodChoice {
  const history = describeHistory(series);
  if (requested !== 'auto') {
    const spec = findMethod(requested);
    if (spec === undefined) throw new ForecastInputError('method', `unknown method ${JSON.stringify(requested)}`);
    return { spec, reason: `Method ${requested} as requested (${history}).`, calibration: UNCALIBRATED };
  }
  const span = series.y.length;
  const filledShare = series.filled / span;
  const models = modelsFor(series);
  if (span >= MIN_MODEL_MONTHS && filledShare <= MAX_FILLED_SHARE && series.nObserved >= MIN_MODEL_MONTHS) {
    return {
      spec: models,
      reason: `${history}: enough history for the default combination of models, the method with the best accuracy on the benchmark.`,
      calibration: calibrationFor(defaultCombination.name, series.nObserved),
    };
  }
  const why =
    series.nObserved < MIN_MODEL_MONTHS
      ? `only ${series.nObserved} monthly figures, under the ${MIN_MODEL_MONTHS} needed to fit seasonal models`
      : `${Math.round(filledShare * 100)} % of the months in the span are missing`;
  const spec = combinationWithYoy(knownMonths(series), models);
  return {
    spec,
    reason: `${history}: ${why}, so the default combination of models is averaged with the YoY growth baseline, which was more accurate on short and gappy series than either alone.`,
    calibration: calibrationFor(spec.name, series.nObserved),
  };
}
