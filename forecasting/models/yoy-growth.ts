/**
 * The literal year-over-year growth model planners reason with: each month is the same month last year
 * times (1 + g), where g is a robust recent YoY growth rate, damped toward zero growth over the horizon.
 *
 * - g is the median log ratio y_t / y_{t−12} over the last twelve months where both are positive (at least
 *   six), else the log ratio of the last twelve months' total to the twelve before, else zero; capped at
 *   ±ln 10 because one odd month must not produce a hundred-fold forecast.
 * - The growth applied at step h is g·φ^h with φ = 0.95 a month (half-life about 13.5 months): growth
 *   rates revert, and a young brand's five-fold year is not a trend to extrapolate at full strength.
 * - Series shorter than a year and a month have no YoY pairs: the forecast is the mean of the last three
 *   values, flat.
 * With a mask of which months are actual figures (the rest filled by interpolation), the growth rate and the
 * deviations use only pairs of actual figures when there are at least three such pairs, so that invented
 * months neither set the growth nor the spread.
 * Sample paths resample the in-sample YoY deviations month by month along the path (so a path's second
 * year builds on its own first year), plus one growth-rate shift per path drawn from the uncertainty of g,
 * which makes the months of a path move together as they do in reality; the shift then takes a small
 * random-walk step each month, because growth rates drift as well as being uncertain. With fewer than twelve deviations
 * they draw from a Student t with k − 1 degrees of freedom scaled by the deviations' spread instead: the
 * predictive distribution when the spread itself is estimated from k values.
 */
import { ForecastInputError } from '../errors.js';
import { median } from '../numeric/stats.js';
import { normalSource, randomIndex } from '../random.js';
import type { FittedModel, ModelSpec } from '../types.js';

/** Monthly damping of the growth rate toward zero. */
export const GROWTH_DAMPING = 0.95;
const MAX_LOG_GROWTH = Math.log(10);

function robustLogGrowth(
  y: Float64Array,
  period: number,
  actual: (t: number) => boolean,
): { g: number; pairs: number } {
  const n = y.length;
  const ratios: number[] = [];
  for (let t = Math.max(period, n - period); t < n; t++) {
    const a = y[t] as number;
    const b = y[t - period] as number;
    if (a > 0 && b > 0 && actual(t) && actual(t - period)) ratios.push(Math.log(a / b));
  }
  let g = 0;
  if (ratios.length >= Math.min(period / 2, 3)) g = median(ratios);
  else if (n >= 2 * period) {
    let recent = 0;
    let before = 0;
    for (let t = n - period; t < n; t++) {
      recent += y[t] as number;
      before += y[t - period] as number;
    }
    if (recent > 0 && before > 0) g = Math.log(recent / before);
  }
  return { g: Math.max(-MAX_LOG_GROWTH, Math.min(MAX_LOG_GROWTH, g)), pairs: ratios.length };
}

/** The YoY growth model; `observed` marks actual figures (default: every month). */
export function yoyGrowthModel(observed?: Uint8Array): ModelSpec {
  return { name: 'yoy-growth', fit: (y, period) => fitYoy(y, period, observed) };
}

/** YoY growth model on a series whose months are all actual figures. */
export const yoyGrowth: ModelSpec = yoyGrowthModel();

function fitYoy(y: Float64Array, period: number, observed?: Uint8Array): FittedModel {
  const n = y.length;
  if (n < 1) throw new ForecastInputError('values', 'the YoY growth model needs at least one value');
  const positive = y.every((v) => v > 0);
  if (n <= period) return flatModel(y);
  let actualPairs = 0;
  for (let t = period; t < n; t++) if (observed === undefined || (observed[t] && observed[t - period])) actualPairs++;
  const useMask = observed !== undefined && actualPairs >= 3;
  const actual = (t: number): boolean => !useMask || (observed as Uint8Array)[t] === 1;
  const { g } = robustLogGrowth(y, period, actual);
  // In-sample deviations of the one-year-ahead YoY model, in logs when every value is positive.
  const deviations: number[] = [];
  for (let t = period; t < n; t++) {
    if (!actual(t) || !actual(t - period)) continue;
    const a = y[t] as number;
    const b = y[t - period] as number;
    deviations.push(positive ? Math.log(a / b) - g : a - b * Math.exp(g));
  }
  // The paths' noise is centred: when g comes from recent pairs (or the twelve-month totals) and older pairs
  // grew differently, uncentred deviations would carry that old growth into every path, off the point.
  const middle = deviations.length > 0 ? median(deviations) : 0;
  const dev = Float64Array.from(deviations, (d) => d - middle);
  const spread = Math.sqrt(dev.reduce((s, d) => s + d * d, 0) / dev.length);
  const residuals = Float64Array.from(deviations);
  const growthAt = (i: number): number => g * GROWTH_DAMPING ** (i + 1);
  const step = (path: Float64Array, i: number, shift: number, noise: number): number => {
    const base = i < period ? (y[n - period + i] as number) : (path[i - period] as number);
    return positive ? base * Math.exp(growthAt(i) + shift + noise) : base * Math.exp(growthAt(i) + shift) + noise;
  };
  return {
    name: 'YoY growth',
    nParams: 1,
    aicc: NaN,
    residuals,
    forecast(h: number): Float64Array {
      const f = new Float64Array(h);
      for (let i = 0; i < h; i++) f[i] = step(f, i, 0, 0);
      return f;
    },
    simulate(h: number, paths: number, random: () => number): Float64Array[] {
      const normal = normalSource(random);
      // Uncertainty of the median growth rate: about 1.25·σ/√k for k pairs (in logs).
      const growthSd = positive ? (1.25 * spread) / Math.sqrt(Math.min(dev.length, period)) : 0;
      // Under a year of deviations a bootstrap would only repeat a handful of values: draw from a t instead.
      const parametric = dev.length < period;
      const df = Math.max(1, dev.length - 1);
      const studentT = (): number => {
        let chi2 = 0;
        for (let k = 0; k < df; k++) chi2 += normal() ** 2;
        return normal() / Math.sqrt(chi2 / df);
      };
      return Array.from({ length: paths }, () => {
        // The growth rate is estimated with error and also drifts: each month the path's shift takes a
        // random-walk step, so that a year on its uncertainty has grown by its estimation error again.
        let shift = growthSd * normal();
        const path = new Float64Array(h);
        for (let i = 0; i < h; i++) {
          if (i > 0) shift += (growthSd / Math.sqrt(period)) * normal();
          path[i] = step(
            path,
            i,
            shift,
            parametric ? spread * studentT() : (dev[randomIndex(random, dev.length)] as number),
          );
        }
        return path;
      });
    },
    // The growth rate and the deviations are statistics of the recent years, not estimated parameters:
    // computing them again on the shorter history costs no more than holding them would.
    refilter: (prefix: Float64Array) => fitYoy(prefix, period, observed),
  };
}

/** Under thirteen months: the mean of the last three values, with paths from month-to-month changes. */
function flatModel(y: Float64Array): FittedModel {
  const n = y.length;
  const tail = y.slice(Math.max(0, n - 3));
  const level = tail.reduce((s, v) => s + v, 0) / tail.length;
  const changes = new Float64Array(Math.max(0, n - 1));
  for (let t = 1; t < n; t++) changes[t - 1] = (y[t] as number) - (y[t - 1] as number);
  return {
    name: 'Recent level',
    nParams: 1,
    aicc: NaN,
    residuals: changes,
    forecast: (h: number) => new Float64Array(h).fill(level),
    simulate(h: number, paths: number, random: () => number): Float64Array[] {
      return Array.from({ length: paths }, () => {
        const path = new Float64Array(h);
        let value = level;
        for (let i = 0; i < h; i++) {
          value += changes.length > 0 ? (changes[randomIndex(random, changes.length)] as number) : 0;
          path[i] = value;
        }
        return path;
      });
    },
  };
}
