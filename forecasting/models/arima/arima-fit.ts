/**
 * Fitting one ARIMA(p,d,q)(P,D,Q)[m] model on the differenced series.
 *
 * Estimation starts by conditional sum of squares (CSS, Levenberg–Marquardt: one linear recursion per
 * evaluation), with stationary AR and invertible MA polynomials guaranteed by the partial-autocorrelation
 * parameterisation, and every fit is scored by its exact Gaussian likelihood (Kalman filter from the
 * stationary state). `refineArima` then maximises that likelihood as R's arima(method = "CSS-ML") does: AR
 * still through partial autocorrelations, MA coefficients free, so that an MA pushed to a unit root gets
 * there (and is refused by the search, as R refuses it) instead of stalling where tanh flattens. Forecasts
 * and sample paths start from the filter's final state and undo the differencing.
 */
import { levenbergMarquardt } from '../../numeric/levenberg-marquardt.js';
import { mean } from '../../numeric/stats.js';
import { normalSource } from '../../random.js';
import type { ArimaForm } from '../../types.js';
import { kalmanFilter, type KalmanResult } from './kalman.js';
import { difference, differencingCoefficients, expandSeasonal, partialsToAr } from './polynomial.js';

/** The orders a fit estimates: the engine's ARIMA form (types.ts), as a kept selection stores it. */
export type ArimaOrder = ArimaForm;

export interface ArimaFit {
  readonly order: ArimaOrder;
  /** Parameters: AR partials through tanh, MA as partials (CSS) or free coefficients (ML), scaled mean. */
  readonly params: Float64Array;
  /** Whether `params` holds the MA coefficients themselves (after ML) rather than partials. */
  readonly freeMa: boolean;
  /** Expanded AR coefficients (AR convention, length p + m·P) and MA coefficients (1 + Σ ma_k B^k). */
  readonly ar: Float64Array;
  readonly ma: Float64Array;
  readonly mu: number;
  /** Innovation variance as R's Arima() reports it: Σ e²/(n − k), e the standardised innovations. */
  readonly sigma2: number;
  /** Σ e²/(terms) of the CSS fit, for the approximate criterion of a long series' search. */
  readonly cssSigma2: number;
  readonly aicc: number;
  readonly kalman: KalmanResult;
  /** The differenced series and the original. */
  readonly w: Float64Array;
  readonly y: Float64Array;
}

export function orderName(o: ArimaOrder): string {
  const base = `ARIMA(${o.p},${o.d},${o.q})`;
  const seasonal = o.P + o.D + o.Q > 0 ? `(${o.P},${o.D},${o.Q})[${o.m}]` : '';
  const c = o.constant ? (o.d + o.D === 1 ? ' with drift' : ' with non-zero mean') : '';
  return base + seasonal + c;
}

interface Coefficients {
  ar: Float64Array;
  ma: Float64Array;
  mu: number;
}

interface Problem {
  readonly order: ArimaOrder;
  readonly freeMa: boolean;
  readonly w: Float64Array;
  readonly muCentre: number;
  readonly muScale: number;
  readonly k: number;
}

function decode(pr: Problem, x: Float64Array): Coefficients {
  const o = pr.order;
  let k = 0;
  const take = (n: number): Float64Array => {
    const u = x.subarray(k, k + n);
    k += n;
    return u;
  };
  const uAr = take(o.p);
  const uMa = take(o.q);
  const uSar = take(o.P);
  const uSma = take(o.Q);
  const ar = expandSeasonal(partialsToAr(uAr), partialsToAr(uSar), o.m);
  // MA polynomials 1 + Σ θ B^k in the AR sign convention of expandSeasonal: coefficients −θ.
  const maSide = (u: Float64Array): Float64Array => (pr.freeMa ? u.map((v) => -v) : partialsToAr(u));
  const ma = expandSeasonal(maSide(uMa), maSide(uSma), o.m).map((c) => -c);
  const mu = o.constant ? pr.muCentre + (x[k] as number) * pr.muScale : 0;
  return { ar, ma, mu };
}

/** The same model in free-MA parameters: the partials of each MA polynomial turned into its coefficients. */
function withFreeMa(o: ArimaOrder, x: Float64Array): Float64Array {
  const out = Float64Array.from(x);
  const free = (from: number, n: number): void => {
    const c = partialsToAr(x.subarray(from, from + n));
    for (let i = 0; i < n; i++) out[from + i] = -(c[i] as number);
  };
  free(o.p, o.q);
  free(o.p + o.q + o.P, o.Q);
  return out;
}

/** CSS errors of w (zero for the first p + m·P, which condition the recursion); returns their sum of squares. */
function cssErrors(w: Float64Array, c: Coefficients, errors: Float64Array): number {
  const n = w.length;
  const p = c.ar.length;
  const q = c.ma.length;
  let sse = 0;
  errors.fill(0, 0, Math.min(p, n));
  for (let t = p; t < n; t++) {
    let e = (w[t] as number) - c.mu;
    for (let i = 0; i < p; i++) e -= (c.ar[i] as number) * ((w[t - 1 - i] as number) - c.mu);
    const jMax = Math.min(q, t);
    for (let j = 0; j < jMax; j++) e -= (c.ma[j] as number) * (errors[t - 1 - j] as number);
    errors[t] = e;
    sse += e * e;
  }
  return sse;
}

function assemble(pr: Problem, y: Float64Array, x: Float64Array, cssSigma2: number): ArimaFit {
  const c = decode(pr, x);
  const kalman = kalmanFilter(pr.w, c.mu, c.ar, c.ma);
  const n = pr.w.length;
  const nParams = pr.k + 1;
  const aicc = -2 * kalman.logLik + 2 * nParams + (2 * nParams * (nParams + 1)) / Math.max(1, n - nParams - 1);
  return {
    order: pr.order,
    params: x,
    freeMa: pr.freeMa,
    ar: c.ar,
    ma: c.ma,
    mu: c.mu,
    sigma2: (kalman.sigma2 * n) / Math.max(1, n - pr.k),
    cssSigma2,
    aicc,
    kalman,
    w: pr.w,
    y,
  };
}

function problem(y: Float64Array, order: ArimaOrder, freeMa: boolean): Problem {
  const w = difference(y, order.d, order.D, order.m);
  const k = order.p + order.q + order.P + order.Q + (order.constant ? 1 : 0);
  const muCentre = order.constant ? mean(w) : 0;
  let spread = 0;
  for (const v of w) spread += Math.abs(v - muCentre);
  return { order, freeMa, w, k, muCentre, muScale: Math.max(1e-8, spread / Math.max(1, w.length)) };
}

/** Fits `order` to y by CSS and scores it by exact likelihood; null when the series is too short. */
export function fitArima(y: Float64Array, order: ArimaOrder): ArimaFit | null {
  const pr = problem(y, order, false);
  const start = order.p + order.m * order.P;
  if (pr.w.length - start <= pr.k + 2) return null;
  const css = (z: Float64Array, out: Float64Array): number => cssErrors(pr.w, decode(pr, z), out);
  let x: Float64Array = new Float64Array(pr.k);
  let sse: number;
  if (pr.k > 0) ({ x, sse } = levenbergMarquardt(css, x, pr.w.length, { tolerance: 1e-6, maxIterations: 25 }));
  else sse = css(x, new Float64Array(pr.w.length));
  return assemble(pr, y, x, sse / (pr.w.length - start));
}

/**
 * Refines a fit by exact maximum likelihood (Levenberg–Marquardt on the scaled Kalman innovations). The
 * search refines every candidate, so it stops at a relative change of 1e-5 in the objective (about 5e-4 in
 * the log-likelihood of 100 values) or after `maxIterations`, well inside the AICc differences it decides.
 */
export function refineArima(fit: ArimaFit, maxIterations = 8): ArimaFit {
  const pr = problem(fit.y, fit.order, true);
  if (pr.k === 0) return fit;
  const result = levenbergMarquardt(
    (z, out) => {
      const c = decode(pr, z);
      const k = kalmanFilter(pr.w, c.mu, c.ar, c.ma);
      out.set(k.scaled);
      let s = 0;
      for (const v of k.scaled) s += v * v;
      return s;
    },
    fit.freeMa ? fit.params : withFreeMa(fit.order, fit.params),
    pr.w.length,
    { tolerance: 1e-5, maxIterations },
  );
  const refined = assemble(pr, fit.y, result.x, fit.cssSigma2);
  return refined.aicc < fit.aicc ? refined : fit;
}

/** The fit's coefficients and σ² held fixed, its Kalman filter re-run over y (e.g. the first months of the fitted series). */
export function refilterArima(fit: ArimaFit, y: Float64Array): ArimaFit {
  const w = difference(y, fit.order.d, fit.order.D, fit.order.m);
  return { ...fit, y, w, kalman: kalmanFilter(w, fit.mu, fit.ar, fit.ma) };
}

/** Runs the state forward h steps with innovations from `noise` (zero for point forecasts). */
export function arimaPath(
  fit: ArimaFit,
  h: number,
  noise: () => number,
  delta = differencingCoefficients(fit.order.d, fit.order.D, fit.order.m),
): Float64Array {
  const state = Float64Array.from(fit.kalman.state);
  const r = state.length;
  const phi = new Float64Array(r);
  phi.set(fit.ar.subarray(0, Math.min(r, fit.ar.length)));
  const y = fit.y;
  const n = y.length;
  const yExt = new Float64Array(n + h);
  yExt.set(y);
  for (let i = 0; i < h; i++) {
    const e = noise();
    if (e !== 0) {
      state[0] = (state[0] as number) + e;
      for (let k = 1; k < r; k++)
        state[k] = (state[k] as number) + (k - 1 < fit.ma.length ? (fit.ma[k - 1] as number) : 0) * e;
    }
    const w = fit.mu + (state[0] as number);
    const first = state[0] as number;
    for (let k = 0; k < r; k++) state[k] = (phi[k] as number) * first + (k + 1 < r ? (state[k + 1] as number) : 0);
    const t = n + i;
    let v = w;
    for (let j = 0; j < delta.length; j++) v += (delta[j] as number) * (yExt[t - 1 - j] as number);
    yExt[t] = v;
  }
  return yExt.slice(n);
}

/** Sample paths with Gaussian innovations of the fitted variance. */
export function arimaPaths(fit: ArimaFit, h: number, paths: number, random: () => number): Float64Array[] {
  const normal = normalSource(random);
  const sigma = Math.sqrt(fit.sigma2);
  const delta = differencingCoefficients(fit.order.d, fit.order.D, fit.order.m);
  return Array.from({ length: paths }, () => arimaPath(fit, h, () => sigma * normal(), delta));
}
