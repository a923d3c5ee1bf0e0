/**
 * Forecast combinations: the mean or median of several models' point forecasts. Combining models that fail
 * in different ways is the most reliable accuracy gain in forecasting competitions (M3, M4), and it does
 * not depend on one data set.
 *
 * Sample paths: each step's distribution is the quantile average (Vincentisation) of the members' path
 * distributions, so the spread is the members' typical spread, not the narrower spread of an average of
 * independent paths. The paths are then ordered by the ranks of the first member's paths at every step
 * (an empirical copula, as in the Schaake shuffle), which keeps the first member's dependence across months
 * for year totals. Finally the paths are shifted so that their centre sits on the combined point forecast.
 */
import { ForecastInputError } from '../errors.js';
import { samplePaths } from '../intervals.js';
import { median } from '../numeric/stats.js';
import type { FittedModel, ModelSpec } from '../types.js';

export type Combiner = 'mean' | 'median';

/** A combination of `members` under `name`; a member that cannot fit the series is left out. */
export function combination(name: string, members: readonly ModelSpec[], combiner: Combiner): ModelSpec {
  return {
    name,
    fit(y: Float64Array, period: number): FittedModel {
      const fitted: FittedModel[] = [];
      const failures: unknown[] = [];
      for (const member of members) {
        try {
          fitted.push(member.fit(y, period));
        } catch (error) {
          failures.push(error);
        }
      }
      if (fitted.length === 0) {
        throw new ForecastInputError('values', `no member of ${name} could fit the series`, { cause: failures[0] });
      }
      return combineFitted(fitted, combiner);
    },
  };
}

function combinePoints(points: readonly Float64Array[], combiner: Combiner, h: number): Float64Array {
  const out = new Float64Array(h);
  const column = new Float64Array(points.length);
  for (let i = 0; i < h; i++) {
    for (let m = 0; m < points.length; m++) column[m] = (points[m] as Float64Array)[i] as number;
    out[i] = combiner === 'mean' ? column.reduce((s, v) => s + v, 0) / column.length : median(column);
  }
  return out;
}

/** Combines already fitted models. */
export function combineFitted(fitted: readonly FittedModel[], combiner: Combiner): FittedModel {
  const residualLength = Math.min(...fitted.map((f) => f.residuals.length));
  const residuals = combinePoints(fitted.map((f) => f.residuals.subarray(f.residuals.length - residualLength)), combiner, residualLength);
  const forecast = (h: number): Float64Array => combinePoints(fitted.map((f) => f.forecast(h)), combiner, h);
  return {
    name: `${combiner === 'mean' ? 'Mean' : 'Median'} of ${fitted.map((f) => f.name).join(', ')}`,
    nParams: fitted.reduce((s, f) => s + f.nParams, 0),
    aicc: NaN,
    residuals,
    forecast,
    simulate(h: number, paths: number, random: () => number): Float64Array[] {
      const memberPaths = fitted.map((f) => samplePaths(f, h, paths, random));
      const point = forecast(h);
      const out = Array.from({ length: paths }, () => new Float64Array(h));
      const averaged = new Float64Array(paths);
      const column = new Float64Array(paths);
      const reference = memberPaths[0] as Float64Array[];
      const refSorted = new Float64Array(paths);
      const used = new Int32Array(paths);
      for (let i = 0; i < h; i++) {
        averaged.fill(0);
        for (const member of memberPaths) {
          for (let p = 0; p < paths; p++) column[p] = (member[p] as Float64Array)[i] as number;
          column.sort();
          for (let p = 0; p < paths; p++) averaged[p] = (averaged[p] as number) + (column[p] as number) / memberPaths.length;
        }
        const shift = (point[i] as number) - median(averaged);
        for (let p = 0; p < paths; p++) refSorted[p] = (reference[p] as Float64Array)[i] as number;
        refSorted.sort();
        used.fill(0);
        for (let p = 0; p < paths; p++) {
          // The rank of this path in the reference member; tied values take consecutive ranks.
          const lower = lowerBound(refSorted, (reference[p] as Float64Array)[i] as number);
          const rank = lower + (used[lower] as number);
          used[lower] = (used[lower] as number) + 1;
          (out[p] as Float64Array)[i] = (averaged[rank] as number) + shift;
        }
      }
      return out;
    },
  };
}

/** First index in sorted `a` whose value is ≥ x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
