/**
 * The ETS state-space recursions (Hyndman, Koehler, Ord & Snyder 2008), written as forecast::ets() does in
 * etscalc.c, for error A/M, trend N/A/Ad and season N/A/M.
 *
 * State layout, as R prints `states`: `[l, b?, s_0 .. s_{m-1}]` where `s_0` is the most recent seasonal
 * state and `s_{m-1}` the one that applies to the next observation. Internally the seasonal states live in
 * a ring buffer so that one step costs O(1) instead of R's O(m) copy.
 */

import { likAddAdd, likAddNone, likMultMult, likMultNone } from './ets-kernels.js';

export const NONE = 0;
export const ADD = 1;
export const MULT = 2;
export type ErrorType = typeof ADD | typeof MULT;
export type TrendType = typeof NONE | typeof ADD;
export type SeasonType = typeof NONE | typeof ADD | typeof MULT;

/** The structure of one ETS model. `m` is 1 when `season` is NONE. */
export interface EtsStructure {
  readonly error: ErrorType;
  readonly trend: TrendType;
  readonly damped: boolean;
  readonly season: SeasonType;
  readonly m: number;
}

/** Smoothing parameters; beta is 0 without trend, gamma 0 without season, phi 1 when not damped. */
export interface EtsParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

const TOL = 1e-10;
const HUGE = 1e10;

/** Number of states: level, optional trend, m seasonal states when seasonal. */
export function stateCount(s: EtsStructure): number {
  return 1 + (s.trend !== NONE ? 1 : 0) + (s.season !== NONE ? s.m : 0);
}

/**
 * Scratch space for {@link etsRun}, sized once per series and model so that the optimiser's thousands of
 * likelihood evaluations allocate nothing.
 */
export interface EtsWorkspace {
  /** Seasonal ring buffer, length m. */
  readonly ring: Float64Array;
}

export function makeWorkspace(m: number): EtsWorkspace {
  return { ring: new Float64Array(Math.max(1, m)) };
}

/** Optional outputs of a run; each array has length n (states: n+1 rows of stateCount). */
export interface EtsOutputs {
  /** Model errors: y - f for additive error, (y - f) / f for multiplicative. */
  readonly e?: Float64Array;
  /** One-step forecasts f. */
  readonly fitted?: Float64Array;
  /** The final state (length stateCount), in R's layout. */
  readonly last?: Float64Array;
}

/**
 * Runs the recursions over `y[0..n-1]` from the initial state `x0` (R layout, all m seasonal states
 * given) and returns R's `lik`: n·log(Σe²) + 2·Σlog|f| for multiplicative error (the first term only for
 * additive), i.e. -2·loglik up to a constant. Returns NaN when the recursion breaks down.
 */
export function etsRun(
  y: Float64Array,
  s: EtsStructure,
  p: EtsParams,
  x0: Float64Array,
  ws: EtsWorkspace,
  out?: EtsOutputs,
): number {
  if (out === undefined) return etsLik(y, s, p, x0, ws);
  const n = y.length;
  const { error, trend, season, m } = s;
  const { alpha, gamma, phi } = p;
  const betaStar = trend === NONE ? 0 : p.beta / alpha;
  const ring = ws.ring;
  let l = x0[0]!;
  let b = trend !== NONE ? x0[1]! : 0;
  const so = trend !== NONE ? 2 : 1;
  if (season !== NONE) {
    // Ring slot ptr holds the oldest state (R's s_{m-1}); slot (ptr - 1 - k) mod m holds R's s_k.
    for (let k = 0; k < m; k++) ring[m - 1 - k] = x0[so + k]!;
  }
  let ptr = 0;
  let sse = 0;
  let logSum = 0;
  let prod = 1;
  const eOut = out?.e;
  const fOut = out?.fitted;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = trend !== NONE ? phi * b : 0;
    const q = l + phib;
    let f = q;
    let sOld = 0;
    if (season !== NONE) {
      sOld = ring[ptr]!;
      f = season === ADD ? q + sOld : q * sOld;
    }
    const e = error === ADD ? yt - f : (yt - f) / f;
    if (eOut !== undefined) eOut[t] = e;
    if (fOut !== undefined) fOut[t] = f;
    sse += e * e;
    if (error === MULT) {
      // One log per many steps: keep a running product and fold it in before it can overflow.
      prod *= Math.abs(f);
      if (prod > 1e200 || prod < 1e-200) {
        logSum += Math.log(prod);
        prod = 1;
      }
    }
    let pv: number;
    if (season === NONE) pv = yt;
    else if (season === ADD) pv = yt - sOld;
    else pv = Math.abs(sOld) < TOL ? HUGE : yt / sOld;
    const lNew = q + alpha * (pv - q);
    if (trend !== NONE) b = phib + betaStar * (lNew - l - phib);
    if (season !== NONE) {
      let tv: number;
      if (season === ADD) tv = yt - q;
      else tv = Math.abs(q) < TOL ? HUGE : yt / q;
      ring[ptr] = sOld + gamma * (tv - sOld);
      ptr = ptr + 1 === m ? 0 : ptr + 1;
    }
    l = lNew;
  }
  if (out?.last !== undefined) writeState(out.last, s, l, b, ring, ptr);
  let lik = n * Math.log(sse);
  if (error === MULT) lik += 2 * (logSum + Math.log(prod));
  return lik;
}

/** The likelihood alone, through the branch-free kernel for the model's error and season types. */
function etsLik(y: Float64Array, s: EtsStructure, p: EtsParams, x0: Float64Array, ws: EtsWorkspace): number {
  const { error, trend, season, m } = s;
  const alpha = p.alpha;
  const betaStar = trend === NONE ? 0 : p.beta / alpha;
  const phi = p.phi;
  const hasTrend = trend !== NONE;
  const l0 = x0[0]!;
  const b0 = trend !== NONE ? x0[1]! : 0;
  if (season === NONE) {
    return error === ADD
      ? likAddNone(y, hasTrend, alpha, betaStar, phi, l0, b0)
      : likMultNone(y, hasTrend, alpha, betaStar, phi, l0, b0);
  }
  const ring = ws.ring;
  const so = trend !== NONE ? 2 : 1;
  for (let k = 0; k < m; k++) ring[m - 1 - k] = x0[so + k]!;
  if (season === ADD) return likAddAdd(y, hasTrend, error === MULT, alpha, betaStar, p.gamma, phi, l0, b0, ring, m);
  if (error === MULT) return likMultMult(y, hasTrend, alpha, betaStar, p.gamma, phi, l0, b0, ring, m);
  return etsRun(y, s, p, x0, ws, {});
}

function writeState(dst: Float64Array, s: EtsStructure, l: number, b: number, ring: Float64Array, ptr: number): void {
  dst[0] = l;
  const so = s.trend !== NONE ? 2 : 1;
  if (s.trend !== NONE) dst[1] = b;
  if (s.season === NONE) return;
  const m = s.m;
  for (let k = 0; k < m; k++) dst[so + k] = ring[(((ptr - 1 - k) % m) + m) % m]!;
}

/**
 * Point forecasts for steps 1..h from a state in R's layout: the conditional mean for linear models and
 * R's `etsforecast` (the "naive" point forecast, not the simulated mean) for multiplicative ones.
 */
export function etsForecast(last: Float64Array, s: EtsStructure, phi: number, h: number): Float64Array {
  const f = new Float64Array(h);
  const l = last[0]!;
  const b = s.trend !== NONE ? last[1]! : 0;
  const so = s.trend !== NONE ? 2 : 1;
  let phiStar = phi;
  for (let i = 0; i < h; i++) {
    let v = s.trend === NONE ? l : l + phiStar * b;
    if (s.season !== NONE) {
      const sv = last[so + s.m - 1 - (i % s.m)]!;
      v = s.season === ADD ? v + sv : v * sv;
    }
    f[i] = v;
    // phiStar for step i + 2 is phi + phi^2 + … + phi^(i+2).
    phiStar += Math.abs(phi - 1) < TOL ? 1 : Math.pow(phi, i + 2);
  }
  return f;
}

/**
 * Simulates future sample paths from a state: y = f + e (additive error) or f·(1 + e) (multiplicative),
 * with e ~ N(0, sigma²) from `normal()`, updating the states with each simulated value (R's
 * `etssimulate`). Fills `dst` (length h).
 */
export function etsSimulatePath(
  last: Float64Array,
  s: EtsStructure,
  p: EtsParams,
  sigma: number,
  normal: () => number,
  ws: EtsWorkspace,
  dst: Float64Array,
): void {
  const { error, trend, season, m } = s;
  const { alpha, gamma, phi } = p;
  const betaStar = trend === NONE ? 0 : p.beta / alpha;
  const ring = ws.ring;
  let l = last[0]!;
  let b = trend !== NONE ? last[1]! : 0;
  const so = trend !== NONE ? 2 : 1;
  if (season !== NONE) for (let k = 0; k < m; k++) ring[m - 1 - k] = last[so + k]!;
  let ptr = 0;
  for (let t = 0; t < dst.length; t++) {
    const phib = trend !== NONE ? phi * b : 0;
    const q = l + phib;
    const sOld = season !== NONE ? ring[ptr]! : 0;
    const f = season === NONE ? q : season === ADD ? q + sOld : q * sOld;
    const e = sigma * normal();
    const yt = error === ADD ? f + e : f * (1 + e);
    dst[t] = yt;
    let pv: number;
    if (season === NONE) pv = yt;
    else if (season === ADD) pv = yt - sOld;
    else pv = Math.abs(sOld) < TOL ? HUGE : yt / sOld;
    const lNew = q + alpha * (pv - q);
    if (trend !== NONE) b = phib + betaStar * (lNew - l - phib);
    if (season !== NONE) {
      const tv = season === ADD ? yt - q : Math.abs(q) < TOL ? HUGE : yt / q;
      ring[ptr] = sOld + gamma * (tv - sOld);
      ptr = ptr + 1 === m ? 0 : ptr + 1;
    }
    l = lNew;
  }
}
