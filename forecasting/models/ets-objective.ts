/**
 * The function the ETS optimiser minimises: R's `lik` (-2·loglik up to a constant) of one model as a
 * function of the vector `[alpha, beta?, gamma?, phi?, l, b?, s_0 .. s_{m-2}]`, infinite outside the
 * usual and admissible regions, as forecast's `EtsTargetFunction::eval`. Preallocated: it runs thousands
 * of times per series.
 */
import { inUsualRegion, isAdmissible } from './ets-admissible.js';
import type { EtsParams, EtsStructure } from './ets-core.js';
import { MULT, NONE, etsRun, makeWorkspace, stateCount } from './ets-core.js';

export interface EtsObjective {
  /** Number of smoothing parameters at the front of the vector. */
  readonly nSmooth: number;
  /** The objective; Infinity where the parameters or states are not allowed. */
  readonly f: (x: Float64Array) => number;
  /** The smoothing parameters of a vector (beta 0, gamma 0, phi 1 where the model has none). */
  readonly unpack: (x: Float64Array) => EtsParams;
  /** The full initial state (all m seasonal states) of a vector. */
  readonly fillState: (x: Float64Array, dst: Float64Array) => void;
}

export function smoothCount(s: EtsStructure): number {
  return 1 + (s.trend !== NONE ? 1 : 0) + (s.season !== NONE ? 1 : 0) + (s.damped ? 1 : 0);
}

export function makeObjective(y: Float64Array, s: EtsStructure): EtsObjective {
  const nSmooth = smoothCount(s);
  const ws = makeWorkspace(s.m);
  const state = new Float64Array(stateCount(s));
  const so = s.trend !== NONE ? 2 : 1;
  const seasonal = s.season !== NONE;
  const m = s.m;
  const params = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  const unpackInto = (x: Float64Array, p: typeof params): void => {
    let j = 0;
    p.alpha = x[j++]!;
    p.beta = s.trend !== NONE ? x[j++]! : 0;
    p.gamma = seasonal ? x[j++]! : 0;
    p.phi = s.damped ? x[j++]! : 1;
  };
  const fillState = (x: Float64Array, dst: Float64Array): void => {
    const nFreeStates = dst.length - (seasonal ? 1 : 0);
    for (let i = 0; i < nFreeStates; i++) dst[i] = x[nSmooth + i]!;
    if (!seasonal) return;
    // The last seasonal state makes the states sum to 0 (additive) or m (multiplicative).
    let sum = 0;
    for (let k = 0; k < m - 1; k++) sum += dst[so + k]!;
    dst[so + m - 1] = (s.season === MULT ? m : 0) - sum;
  };
  const f = (x: Float64Array): number => {
    unpackInto(x, params);
    if (!inUsualRegion(s, params) || !isAdmissible(s, params)) return Infinity;
    fillState(x, state);
    if (s.season === MULT) {
      for (let k = 0; k < m; k++) if (state[so + k]! < 0) return Infinity;
    }
    let lik = etsRun(y, s, params, state, ws);
    // As R: a perfect fit is capped rather than -Infinity, and a broken recursion is infeasible.
    if (lik < -1e10) lik = -1e10;
    return Number.isNaN(lik) ? Infinity : lik;
  };
  const unpack = (x: Float64Array): EtsParams => {
    const p = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
    unpackInto(x, p);
    return p;
  };
  return { nSmooth, f, unpack, fillState };
}
