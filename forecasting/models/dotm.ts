/**
 * The Dynamic Optimised Theta Model (Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler 2016,
 * "Models for optimising the theta method and their relationship to state space models", IJF 32(4)).
 * Its state space form, for t = 1..n on the seasonally adjusted series:
 *   μ_t = ℓ_{t−1} + (1 − 1/θ)[(1 − α)^{t−1} A_{t−1} + ((1 − (1 − α)^t)/α) B_{t−1}]
 *   ℓ_t = α Y_t + (1 − α) ℓ_{t−1}
 *   Ȳ_t = ((t − 1) Ȳ_{t−1} + Y_t)/t,  B_t = ((t − 2) B_{t−1} + 6 (Y_t − Ȳ_{t−1})/t)/(t + 1),  A_t = Ȳ_t − (t + 1) B_t / 2
 * where A_t, B_t are the least-squares line of Y_1..Y_t updated one point at a time. θ (≥ 1), α and ℓ_0 are
 * chosen by minimising the in-sample one-step mean squared error. θ = 2 with a static line is the classical
 * Theta method; optimising θ lets the trend weight adapt, the dynamic line lets it follow a changing slope.
 * Seasonal adjustment is the same as Theta's. Forecasts run the same recursion with Y_t = μ_t; sample paths
 * run it with Y_t = μ_t + e_t, e_t ~ N(0, σ²).
 */
import { ForecastInputError } from '../errors.js';
import { meanAbs } from '../numeric/stats.js';
import { nelderMead } from '../optimize/nelder-mead.js';
import { normalSource } from '../random.js';
import { seasonalAdjuster, type SeasonalAdjuster } from '../seasonality.js';
import type { FittedModel, ModelSpec } from '../types.js';

interface ThetaState {
  level: number;
  meanY: number;
  a: number;
  b: number;
  /** Number of observations absorbed so far (t). */
  t: number;
  /** (1 − α)^t, kept incrementally because powers in the inner loop are costly. */
  decay: number;
}

function predict(s: ThetaState, alpha: number, thetaWeight: number): number {
  return s.level + thetaWeight * (s.decay * s.a + ((1 - s.decay * (1 - alpha)) / alpha) * s.b);
}

function absorb(s: ThetaState, y: number, alpha: number): void {
  const t = s.t + 1;
  s.decay *= 1 - alpha;
  s.level = alpha * y + (1 - alpha) * s.level;
  const previousMean = s.meanY;
  s.meanY = ((t - 1) * previousMean + y) / t;
  s.b = t === 1 ? 0 : ((t - 2) * s.b + (6 * (y - previousMean)) / t) / (t + 1);
  s.a = s.meanY - ((t + 1) * s.b) / 2;
  s.t = t;
}

/** Runs the model over x; returns the final state and the sum of squared one-step errors. */
function run(
  x: Float64Array,
  level0: number,
  alpha: number,
  theta: number,
  errors?: Float64Array,
): { state: ThetaState; sse: number } {
  const weight = 1 - 1 / theta;
  const state: ThetaState = { level: level0, meanY: 0, a: 0, b: 0, t: 0, decay: 1 };
  absorb(state, x[0] as number, alpha);
  let sse = 0;
  if (errors) errors[0] = 0;
  for (let t = 1; t < x.length; t++) {
    const e = (x[t] as number) - predict(state, alpha, weight);
    if (errors) errors[t] = e;
    sse += e * e;
    absorb(state, x[t] as number, alpha);
  }
  return { state, sse };
}

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));

/** DOTM; needs at least 4 values. */
export const dotm: ModelSpec = {
  name: 'dotm',
  fit(y: Float64Array, period: number): FittedModel {
    const n = y.length;
    if (n < 4) throw new ForecastInputError('values', `dotm needs at least 4 values, got ${n}`);
    const season = seasonalAdjuster(y, period);
    const x = new Float64Array(n);
    for (let t = 0; t < n; t++) x[t] = season.adjust(y[t] as number, t);
    // Unconstrained coordinates: level0 scaled by the series' mean absolute value, alpha in (0,1) and the
    // trend weight 1 − 1/θ in [0, 1) by logistics (θ itself is unbounded above, its weight is not). The mean,
    // not the first value: on centred logs (on-logs.ts) the first value may be near zero, the mean is not.
    const level = meanAbs(x);
    const scale = level > 0 ? level : 1;
    const decode = (p: Float64Array): [number, number, number] => [
      (p[0] as number) * scale,
      0.0001 + 0.9998 * logistic(p[1] as number),
      1 / (1 - 0.999 * logistic(p[2] as number)),
    ];
    // The SSE in units of the scale squared, so that real fits sit many orders below the 1e35 the
    // minimiser counts a non-finite value as, whatever the series' units: points where the run overflows stay
    // walls. When even the start cannot be evaluated the minimiser returns it (ℓ_0 the first value, α = 0.5,
    // θ ≈ 2, the classical Theta method).
    const objective = (p: Float64Array): number => {
      const [level0, alpha, theta] = decode(p);
      return run(x, level0, alpha, theta).sse / (scale * scale);
    };
    // A step of 0.1 in every unconstrained coordinate, and a tolerance relative to the start's value.
    const start = Float64Array.of((x[0] as number) / scale, 0, 0);
    const best = nelderMead(objective, start, { step: Float64Array.of(0.1, 0.1, 0.1), maxEval: 600, relTol: 1e-9 });
    const [level0, alpha, thetaValue] = decode(best.x);
    const sse = run(x, level0, alpha, thetaValue).sse;
    return dotmModel(y, { season, level0, alpha, theta: thetaValue, sigma2: sse / Math.max(1, n - 1 - 3) });
  },
};

/** What a DOTM fit estimated: held fixed when its filter is re-run over another stretch of the series. */
interface DotmParams {
  readonly season: SeasonalAdjuster;
  readonly level0: number;
  readonly alpha: number;
  readonly theta: number;
  readonly sigma2: number;
}

/** Runs the model's recursion with `params` over y (seasonally adjusted as fitted) and wraps the result. */
function dotmModel(y: Float64Array, params: DotmParams): FittedModel {
  const { season, alpha, sigma2 } = params;
  const n = y.length;
  const x = new Float64Array(n);
  for (let t = 0; t < n; t++) x[t] = season.adjust(y[t] as number, t);
  const errors = new Float64Array(n);
  const { state } = run(x, params.level0, alpha, params.theta, errors);
  const weight = 1 - 1 / params.theta;
  const residuals = new Float64Array(n);
  for (let t = 0; t < n; t++)
    residuals[t] = (y[t] as number) - season.restore((x[t] as number) - (errors[t] as number), t);
  const path = (h: number, noise: () => number): Float64Array => {
    const s = { ...state };
    const out = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      const value = predict(s, alpha, weight) + noise();
      out[i] = season.restore(value, n + i);
      absorb(s, value, alpha);
    }
    return out;
  };
  return {
    name: `DOTM(θ=${params.theta.toFixed(2)})`,
    nParams: 4,
    aicc: NaN,
    residuals,
    forecast: (h: number) => path(h, () => 0),
    simulate(h: number, paths: number, random: () => number): Float64Array[] {
      const normal = normalSource(random);
      const sigma = Math.sqrt(sigma2);
      return Array.from({ length: paths }, () => path(h, () => sigma * normal()));
    },
    refilter: (prefix: Float64Array) => dotmModel(prefix, params),
  };
}
