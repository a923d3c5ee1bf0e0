/**
 * Naive 2, the M3 benchmark as the benchmarks README defines it: the last seasonally adjusted value
 * (classical multiplicative decomposition when the thetaf test says seasonal; additive for a series with
 * values ≤ 0, see seasonality.ts) with the seasonal pattern restored.
 * Paths are a random walk on the adjusted series with resampled one-step errors.
 */
import { ForecastInputError } from '../errors.js';
import { randomIndex } from '../random.js';
import { seasonalAdjuster } from '../seasonality.js';
import type { FittedModel, ModelSpec } from '../types.js';

/** Naive 2 (seasonally adjusted random walk). */
export const naive2: ModelSpec = {
  name: 'naive2',
  fit(y: Float64Array, period: number): FittedModel {
    const n = y.length;
    if (n < 2) throw new ForecastInputError('values', `naive2 needs at least 2 values, got ${n}`);
    const season = seasonalAdjuster(y, period);
    const adjusted = new Float64Array(n);
    for (let t = 0; t < n; t++) adjusted[t] = season.adjust(y[t] as number, t);
    const steps = new Float64Array(n - 1);
    const residuals = new Float64Array(n - 1);
    for (let t = 1; t < n; t++) {
      steps[t - 1] = (adjusted[t] as number) - (adjusted[t - 1] as number);
      residuals[t - 1] = (y[t] as number) - season.restore(adjusted[t - 1] as number, t);
    }
    const lastAdjusted = adjusted[n - 1] as number;
    return {
      name: season.kind === 'none' ? 'Naive 2 (non-seasonal)' : `Naive 2 (${season.kind} seasonal adjustment)`,
      nParams: 0,
      aicc: NaN,
      residuals,
      forecast(h: number): Float64Array {
        const f = new Float64Array(h);
        for (let i = 0; i < h; i++) f[i] = season.restore(lastAdjusted, n + i);
        return f;
      },
      simulate(h: number, paths: number, random: () => number): Float64Array[] {
        const out: Float64Array[] = [];
        for (let p = 0; p < paths; p++) {
          const path = new Float64Array(h);
          let level = lastAdjusted;
          for (let i = 0; i < h; i++) {
            level += steps[randomIndex(random, steps.length)] as number;
            path[i] = season.restore(level, n + i);
          }
          out.push(path);
        }
        return out;
      },
    };
  },
};
