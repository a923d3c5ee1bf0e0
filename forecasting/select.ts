/**
 * Which method answers a request, and why, in words a planner can read. `auto` picks the default
 * combination for series with enough clean history and the YoY growth baseline otherwise; in that case the
 * intervals are widened, because a model fitted to little data knows its parameters less well than its own
 * residuals suggest.
 */
import { ForecastInputError } from './errors.js';
import type { PreparedSeries } from './gaps.js';
import { defaultCombination, findMethod } from './models/index.js';
import { yoyGrowthModel } from './models/yoy-growth.js';
import type { ModelSpec } from './types.js';

export interface MethodChoice {
  readonly spec: ModelSpec;
  readonly reason: string;
  /** Factor applied to the paths' deviations from the point forecast (1 = the model's own spread). */
  readonly widen: number;
}

/** Months of clean history below which `auto` uses the growth baseline. */
export const MIN_MODEL_MONTHS = 24;
/** Share of filled months above which `auto` uses the growth baseline. */
export const MAX_FILLED_SHARE = 0.25;

/** Widening for short histories: 1 + 12/n, so 13 figures about double the spread and 24 give 1.5. */
export function shortHistoryWidening(nObserved: number): number {
  return 1 + 12 / Math.max(1, nObserved);
}

function describeHistory(series: PreparedSeries): string {
  const parts = [`${series.nObserved} monthly figures`];
  if (series.filled > 0) parts.push(`${series.filled} missing months filled by interpolation`);
  if (series.dropped > 0) parts.push(`${series.dropped} older months left out because of gaps before the recent run`);
  return parts.join('; ');
}

/** Resolves the requested method name for this series. */
export function chooseMethod(requested: string, series: PreparedSeries): MethodChoice {
  const history = describeHistory(series);
  if (requested !== 'auto') {
    const spec = findMethod(requested);
    if (spec === undefined) throw new ForecastInputError('method', `unknown method ${JSON.stringify(requested)}`);
    return { spec, reason: `Method ${requested} as requested (${history}).`, widen: 1 };
  }
  const span = series.y.length;
  const filledShare = series.filled / span;
  if (span >= MIN_MODEL_MONTHS && filledShare <= MAX_FILLED_SHARE && series.nObserved >= MIN_MODEL_MONTHS) {
    return {
      spec: defaultCombination,
      reason: `${history}: enough history for the default combination of models, the method with the best accuracy on the benchmark.`,
      widen: 1,
    };
  }
  const why =
    series.nObserved < MIN_MODEL_MONTHS
      ? `only ${series.nObserved} monthly figures, under the ${MIN_MODEL_MONTHS} needed to fit seasonal models`
      : `${Math.round(filledShare * 100)} % of the months in the span are missing`;
  const widen = shortHistoryWidening(series.nObserved);
  return {
    spec: yoyGrowthModel(series.observed),
    reason: `${history}: ${why}, so the YoY growth baseline is used, with intervals widened ${widen.toFixed(1)}× for the short or sparse history.`,
    widen,
  };
}
