/**
 * The Theta method exactly as R's `forecast::thetaf` for positive series: classical multiplicative seasonal
 * adjustment when the 90 % ACF test says seasonal (additive for a series with values ≤ 0, see
 * seasonality.ts), simple exponential smoothing fitted by least squares (alpha and the initial level, as
 * `ets(x, "ANN", opt.crit = "mse")`), plus half the slope of the linear trend. Sample paths come
 * from the SES state space model (ℓ_t = ℓ_{t−1} + α e_t), which gives thetaf's own interval widths.
 */
import { ForecastInputError } from '../errors.js';
import { brentMinimize } from '../optimize/brent.js';
import { linearTrend } from '../numeric/stats.js';
import { normalSource } from '../random.js';
import { seasonalAdjuster, type SeasonalAdjuster } from '../seasonality.js';
import type { FittedModel, ModelSpec } from '../types.js';

/** Bounds R's ets() uses for alpha. */
const ALPHA_MIN = 1e-4;
const ALPHA_MAX = 0.9999;

export interface SesFit {
  readonly alpha: number;
  readonly level0: number;
  /** Level after the last observation. */
  readonly level: number;
  readonly sse: number;
  readonly errors: Float64Array;
}

/** Least-squares SES. For fixed alpha the errors are linear in the initial level, so it is solved exactly. */
export function fitSes(x: ArrayLike<number>): SesFit {
  const n = x.length;
  const profile = (alpha: number): { level0: number; sse: number } => {
    // ℓ_{t-1} = a_t + b_t ℓ_0 with a from a run started at 0 and b_t = (1 − α)^{t−1}.
    let a = 0;
    let b = 1;
    let sbb = 0;
    let sbr = 0;
    let srr = 0;
    for (let t = 0; t < n; t++) {
      const r = (x[t] as number) - a;
      sbb += b * b;
      sbr += b * r;
      srr += r * r;
      a = a + alpha * r;
      b *= 1 - alpha;
    }
    const level0 = sbr / sbb;
    return { level0, sse: srr - 2 * level0 * sbr + level0 * level0 * sbb };
  };
  // A coarse grid first, so that Brent refines the global rather than a local minimum.
  let bestAlpha = ALPHA_MIN;
  let bestSse = Infinity;
  const grid = 20;
  for (let k = 0; k <= grid; k++) {
    const alpha = ALPHA_MIN + ((ALPHA_MAX - ALPHA_MIN) * k) / grid;
    const { sse } = profile(alpha);
    if (sse < bestSse) {
      bestSse = sse;
      bestAlpha = alpha;
    }
  }
  const width = (ALPHA_MAX - ALPHA_MIN) / grid;
  const refined = brentMinimize(
    (alpha) => profile(alpha).sse,
    Math.max(ALPHA_MIN, bestAlpha - width),
    Math.min(ALPHA_MAX, bestAlpha + width),
  );
  const alpha = refined.value <= bestSse ? refined.x : bestAlpha;
  const { level0 } = profile(alpha);
  const errors = new Float64Array(n);
  let level = level0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const e = (x[t] as number) - level;
    errors[t] = e;
    sse += e * e;
    level += alpha * e;
  }
  return { alpha, level0, level, sse, errors };
}

/** What a Theta fit estimated: held fixed when its filter is re-run over another stretch of the series. */
interface ThetaParams {
  readonly season: SeasonalAdjuster;
  readonly alpha: number;
  readonly level0: number;
  readonly drift: number;
  readonly sigma2: number;
}

/** Theta as R's thetaf. Needs at least 3 values. */
export const theta: ModelSpec = {
  name: 'theta',
  fit(y: Float64Array, period: number): FittedModel {
    const n = y.length;
    if (n < 3) throw new ForecastInputError('values', `theta needs at least 3 values, got ${n}`);
    const season = seasonalAdjuster(y, period);
    const x = adjusted(y, season);
    const ses = fitSes(x);
    const drift = linearTrend(x).slope / 2;
    return thetaModel(y, { season, alpha: ses.alpha, level0: ses.level0, drift, sigma2: ses.sse / (n - 2) });
  },
};

function adjusted(y: Float64Array, season: SeasonalAdjuster): Float64Array {
  const x = new Float64Array(y.length);
  for (let t = 0; t < y.length; t++) x[t] = season.adjust(y[t] as number, t);
  return x;
}

/** Runs the SES filter of `params` over y (seasonally adjusted as fitted) and wraps the result. */
function thetaModel(y: Float64Array, params: ThetaParams): FittedModel {
  const { season, drift, sigma2 } = params;
  const n = y.length;
  const x = adjusted(y, season);
  const residuals = new Float64Array(n);
  let level = params.level0;
  for (let t = 0; t < n; t++) {
    residuals[t] = (y[t] as number) - season.restore(level, t);
    level += params.alpha * ((x[t] as number) - level);
  }
  const alpha = Math.max(1e-10, params.alpha);
  const trendTerm = (i: number): number => drift * (i + (1 - (1 - alpha) ** n) / alpha);
  return {
    name: season.kind === 'none' ? 'Theta' : `Theta (${season.kind} seasonal adjustment)`,
    nParams: 3,
    aicc: NaN,
    residuals,
    forecast(h: number): Float64Array {
      const f = new Float64Array(h);
      for (let i = 0; i < h; i++) f[i] = season.restore(level + trendTerm(i), n + i);
      return f;
    },
    simulate(h: number, paths: number, random: () => number): Float64Array[] {
      const normal = normalSource(random);
      const sigma = Math.sqrt(sigma2);
      const out: Float64Array[] = [];
      for (let p = 0; p < paths; p++) {
        const path = new Float64Array(h);
        let l = level;
        for (let i = 0; i < h; i++) {
          const e = sigma * normal();
          path[i] = season.restore(l + trendTerm(i) + e, n + i);
          l += alpha * e;
        }
        out.push(path);
      }
      return out;
    },
    refilter: (prefix: Float64Array) => thetaModel(prefix, params),
  };
}
