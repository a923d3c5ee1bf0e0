/**
 * Seasonal naive: each month repeats the same month a year before. The scale of MASE and the simplest
 * benchmark. Sample paths resample its in-sample errors (y_t − y_{t−m}) along the path.
 */
import { ForecastInputError } from '../errors.js';
import { randomIndex } from '../random.js';
import type { FittedModel, ModelSpec } from '../types.js';

/** Seasonal naive; needs at least one full period. */
export const snaive: ModelSpec = {
  name: 'snaive',
  fit(y: Float64Array, period: number): FittedModel {
    const n = y.length;
    if (n < period) throw new ForecastInputError('values', `seasonal naive needs at least ${period} values, got ${n}`);
    const residuals = new Float64Array(Math.max(0, n - period));
    for (let t = period; t < n; t++) residuals[t - period] = (y[t] as number) - (y[t - period] as number);
    const last = y.slice(n - period);
    return {
      name: 'Seasonal naive',
      nParams: 0,
      aicc: NaN,
      residuals,
      forecast(h: number): Float64Array {
        const f = new Float64Array(h);
        for (let i = 0; i < h; i++) f[i] = last[i % period] as number;
        return f;
      },
      simulate(h: number, paths: number, random: () => number): Float64Array[] {
        const out: Float64Array[] = [];
        for (let p = 0; p < paths; p++) {
          const path = new Float64Array(h);
          for (let i = 0; i < h; i++) {
            const base = i < period ? (last[i] as number) : (path[i - period] as number);
            path[i] = base + (residuals.length > 0 ? (residuals[randomIndex(random, residuals.length)] as number) : 0);
          }
          out.push(path);
        }
        return out;
      },
    };
  },
};
