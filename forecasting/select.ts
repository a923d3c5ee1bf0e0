/**
 * Which method answers a request, and why, in words a planner can read. `auto` picks the default
 * combination for series with enough clean history and the YoY growth baseline otherwise.
 *
 * `auto` also widens the intervals for parameter uncertainty: a model's own paths treat its estimated
 * parameters as known, and the prediction variance with k estimated parameters from n figures is about
 * σ²(1 + k/n). The paths' spread is scaled by √(1 + k/n) with k = 6, a round effective count for the
 * members of the combination (ARIMA 2–5 coefficients, Theta and DOTM 3–4 plus seasonal indices each
 * estimated from n/12 values, ETS 3–5 smoothing and initial-state parameters): 1.02 for ten years of
 * figures, 1.08 for three, 1.15 for eighteen months. Checked on M3 monthly and on M3 cut to its last 36
 * training months, where it brings both 80 % and 95 % coverage within 3 points of nominal.
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

/** Effective number of estimated parameters for the parameter-uncertainty widening. */
export const EFFECTIVE_PARAMETERS = 6;

/** The parameter-uncertainty widening √(1 + k/n) for n actual figures. */
export function parameterWidening(nObserved: number): number {
  return Math.sqrt(1 + EFFECTIVE_PARAMETERS / Math.max(1, nObserved));
}

function describeHistory(series: PreparedSeries): string {
  const parts = [`${series.nObserved} monthly figures`];
  if (series.derived > 0) parts.push(`${series.derived} derived from known totals`);
  if (series.fromTotals > 0) parts.push(`${series.fromTotals} missing months filled to add up to known totals`);
  const interpolated = series.filled - series.fromTotals;
  if (interpolated > 0) parts.push(`${interpolated} missing months filled by interpolation`);
  if (series.dropped > 0) parts.push(`${series.dropped} older months left out because of gaps before the recent run`);
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
      widen: parameterWidening(series.nObserved),
    };
  }
  const why =
    series.nObserved < MIN_MODEL_MONTHS
      ? `only ${series.nObserved} monthly figures, under the ${MIN_MODEL_MONTHS} needed to fit seasonal models`
      : `${Math.round(filledShare * 100)} % of the months in the span are missing`;
  const widen = parameterWidening(series.nObserved);
  return {
    spec: yoyGrowthModel(knownMonths(series)),
    reason: `${history}: ${why}, so the YoY growth baseline is used, with intervals widened ${widen.toFixed(2)}× for parameter uncertainty.`,
    widen,
  };
}
