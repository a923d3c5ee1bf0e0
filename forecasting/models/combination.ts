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
      const sorted = new Float64Array(paths);
      const column = new Float64Array(paths);
      const reference = memberPaths[0] as Float64Array[];
      const order = new Uint32Array(paths);
      for (let i = 0; i < h; i++) {
        sorted.fill(0);
        for (const member of memberPaths) {
          for (let p = 0; p < paths; p++) column[p] = (member[p] as Float64Array)[i] as number;
          column.sort();
          for (let p = 0; p < paths; p++) sorted[p] = (sorted[p] as number) + (column[p] as number) / memberPaths.length;
        }
        for (let p = 0; p < paths; p++) order[p] = p;
        order.sort((a, b) => ((reference[a] as Float64Array)[i] as number) - ((reference[b] as Float64Array)[i] as number));
        const centre = median(sorted);
        const shift = (point[i] as number) - centre;
        for (let r = 0; r < paths; r++) (out[order[r] as number] as Float64Array)[i] = (sorted[r] as number) + shift;
      }
      return out;
    },
  };
}
