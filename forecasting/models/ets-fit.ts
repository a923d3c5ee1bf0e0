/**
 * Maximum-likelihood fitting of one ETS model (forecast's `etsmodel` with `opt.crit = "lik"`,
 * `bounds = "both"`): the smoothing parameters and the initial states are optimised together by
 * Nelder–Mead from R's starting values.
 */
import { nelderMead } from '../optimize/nelder-mead.js';
import { inUsualRegion, isAdmissible } from './ets-admissible.js';
import type { EtsParams, EtsStructure } from './ets-core.js';
import { MULT, NONE, etsRun, makeWorkspace, stateCount } from './ets-core.js';
import { initialParams, initialStates } from './ets-init.js';

/** A fitted ETS model: everything needed to forecast, simulate and compare by information criteria. */
export interface EtsFit {
  readonly structure: EtsStructure;
  readonly params: EtsParams;
  /** Initial state in R's layout, all m seasonal states. */
  readonly init: Float64Array;
  /** State after the last observation, R's layout. */
  readonly last: Float64Array;
  /** Log-likelihood as R reports it: -0.5 · lik. */
  readonly loglik: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
  /** Estimated parameters counted as R does (smoothing parameters, initial states, and sigma). */
  readonly nParams: number;
  /** Model errors (relative for multiplicative error) and one-step fitted values. */
  readonly e: Float64Array;
  readonly fitted: Float64Array;
  /** R's sigma2: Σe² / (n - number of smoothing parameters and initial states). */
  readonly sigma2: number;
  /** Objective evaluations the optimiser used. */
  readonly evaluations: number;
}

/** Tuning knobs of the optimiser; the defaults are what the engine uses. */
export interface EtsFitOptions {
  /** Cap on likelihood evaluations per model. */
  readonly maxEval?: number;
  /** Relative tolerance of the Nelder–Mead stopping rule. */
  readonly relTol?: number;
  /** 'r' uses R's single initial step for all coordinates; 'scaled' uses one per coordinate kind. */
  readonly simplex?: 'r' | 'scaled';
}

const DEFAULTS: Required<EtsFitOptions> = { maxEval: 2000, relTol: Math.sqrt(Number.EPSILON), simplex: 'r' };

/** Name in R's notation, e.g. `ETS(M,Ad,M)`. */
export function etsName(s: EtsStructure): string {
  const e = s.error === MULT ? 'M' : 'A';
  const t = s.trend === NONE ? 'N' : s.damped ? 'Ad' : 'A';
  const z = s.season === NONE ? 'N' : s.season === MULT ? 'M' : 'A';
  return `ETS(${e},${t},${z})`;
}

/** Number of free values the optimiser moves: smoothing parameters plus initial states minus one. */
export function freeParamCount(s: EtsStructure): number {
  const smooth = 1 + (s.trend !== NONE ? 1 : 0) + (s.season !== NONE ? 1 : 0) + (s.damped ? 1 : 0);
  return smooth + stateCount(s) - (s.season !== NONE ? 1 : 0);
}

/**
 * Fits one model. Returns null when R would give it an infinite AICc: too many parameters for the
 * series (np >= n - 1) or no admissible starting point.
 */
export function fitEtsModel(y: Float64Array, s: EtsStructure, options: EtsFitOptions = {}): EtsFit | null {
  const opt = { ...DEFAULTS, ...options };
  const n = y.length;
  const np = freeParamCount(s);
  if (np >= n - 1) return null;
  const start = initialParams(s);
  const states = initialStates(y, s);
  const nSmooth = np - states.length;
  const x0 = new Float64Array(np);
  let j = 0;
  x0[j++] = start.alpha;
  if (s.trend !== NONE) x0[j++] = start.beta;
  if (s.season !== NONE) x0[j++] = start.gamma;
  if (s.damped) x0[j++] = start.phi;
  x0.set(states, nSmooth);

  const objective = makeObjective(y, s, nSmooth);
  const step = opt.simplex === 'scaled' ? scaledSteps(y, s, nSmooth, np) : undefined;
  const res = nelderMead(objective.f, x0, {
    maxEval: opt.maxEval,
    relTol: opt.relTol,
    ...(step !== undefined ? { step } : {}),
  });
  if (!Number.isFinite(res.value) || res.value >= 1e35) return null;
  const params = objective.unpack(res.x);
  const init = new Float64Array(stateCount(s));
  objective.fillState(res.x, init);
  return finish(y, s, params, init, np, res.evaluations);
}

function finish(
  y: Float64Array,
  s: EtsStructure,
  params: EtsParams,
  init: Float64Array,
  nFree: number,
  evaluations: number,
): EtsFit {
  const n = y.length;
  const e = new Float64Array(n);
  const fitted = new Float64Array(n);
  const last = new Float64Array(init.length);
  const lik = etsRun(y, s, params, init, makeWorkspace(s.m), { e, fitted, last });
  const k = nFree + 1;
  const aic = lik + 2 * k;
  let sse = 0;
  for (let t = 0; t < n; t++) sse += e[t]! * e[t]!;
  return {
    structure: s,
    params,
    init,
    last,
    loglik: -0.5 * lik,
    aic,
    aicc: aic + (2 * k * (k + 1)) / (n - k - 1),
    bic: lik + Math.log(n) * k,
    nParams: k,
    e,
    fitted,
    sigma2: sse / (n - nFree),
    evaluations,
  };
}

interface Objective {
  readonly f: (x: Float64Array) => number;
  readonly unpack: (x: Float64Array) => EtsParams;
  readonly fillState: (x: Float64Array, dst: Float64Array) => void;
}

/** The negative log-likelihood (R's `lik`) as a function of the optimiser's vector, with no allocation. */
function makeObjective(y: Float64Array, s: EtsStructure, nSmooth: number): Objective {
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
    if (lik < -1e10) lik = -1e10;
    return Number.isNaN(lik) ? Infinity : lik;
  };
  const unpack = (x: Float64Array): EtsParams => {
    const p = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
    unpackInto(x, p);
    return p;
  };
  return { f, unpack, fillState };
}

/** Initial simplex steps sized to each coordinate: a small move for parameters, a fraction of the data's spread for states. */
function scaledSteps(y: Float64Array, s: EtsStructure, nSmooth: number, np: number): Float64Array {
  const step = new Float64Array(np);
  let mean = 0;
  for (let t = 0; t < y.length; t++) mean += y[t]!;
  mean /= y.length;
  let v = 0;
  for (let t = 0; t < y.length; t++) v += (y[t]! - mean) ** 2;
  const sd = Math.sqrt(v / y.length) || Math.abs(mean) || 1;
  for (let i = 0; i < nSmooth; i++) step[i] = 0.05;
  const so = nSmooth + (s.trend !== NONE ? 2 : 1);
  step[nSmooth] = 0.1 * sd;
  if (s.trend !== NONE) step[nSmooth + 1] = 0.01 * sd;
  for (let i = so; i < np; i++) step[i] = s.season === MULT ? 0.05 : 0.1 * sd;
  return step;
}
