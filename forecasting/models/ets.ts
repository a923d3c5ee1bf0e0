/**
 * Exponential smoothing in state-space form (ETS), selected by AICc over the admissible candidates as
 * R's forecast::ets() does. The public surface of the ETS files.
 */
import { ForecastInputError } from '../errors.js';
import type { FittedModel, ModelForms, ModelSpec } from '../types.js';
import type { EtsStructure } from './ets-core.js';
import { ADD, NONE, etsForecast, etsRun, etsSimulatePath, makeWorkspace } from './ets-core.js';
import type { EtsFit, EtsFitOptions } from './ets-fit.js';
import { etsCode, etsName } from './ets-fit.js';
import type { EtsRequest } from './ets-select.js';
import { candidates, parseRequest, selectEts } from './ets-select.js';
import { etsForecastVariance } from './ets-variance.js';

export type { EtsFit } from './ets-fit.js';
export type { EtsRequest } from './ets-select.js';

/** A fitted ETS model; `fit` exposes parameters, states and likelihood for callers that want them. */
export interface EtsFittedModel extends FittedModel {
  readonly fit: EtsFit;
  /** Analytic variances of the 1..h-step forecast errors, or null where there is no closed form (M season). */
  variance(h: number): Float64Array | null;
  simulate(h: number, paths: number, random: () => number): Float64Array[];
}

/**
 * Fits ETS to `y` (no gaps, oldest first) with seasonal period `period` (12 for monthly; 1 for none).
 * `options.model` is R's code (`ZZZ` default: choose everything); `options.damped` forces or forbids a
 * damped trend (null: choose). Throws a ForecastInputError for a series that does not suit the request.
 */
export function fitEts(
  y: Float64Array,
  period: number,
  options: EtsRequest = {},
  tuning?: EtsFitOptions,
): EtsFittedModel {
  validate(y, period);
  const n = y.length;
  let positive = true;
  let constant = true;
  for (let t = 0; t < n; t++) {
    if (!(y[t]! > 0)) positive = false;
    if (y[t] !== y[0]) constant = false;
  }
  const structures = candidates(parseRequest(options, n, period, positive), period);
  if (constant && (options.model === undefined || options.model.toUpperCase() === 'ZZZ')) {
    // Nothing was chosen: a constant series is answered the same way whatever the request.
    return wrap(constantFit(y), undefined);
  }
  const fit = selectEts(y, structures, tuning);
  return wrap(fit, { ets: etsCode(fit.structure) });
}

/** The engine's ETS: automatic selection (R's `ets(y)` defaults). */
export const etsAuto: ModelSpec = {
  name: 'ets',
  fit: (y, period) => fitEts(y, period),
  keeping: (forms) => (forms.ets === undefined ? etsAuto : keptEts(forms.ets)),
};

/** ETS of one form (an `etsCode`), as a selection chose it: the one model estimated, no search. */
function keptEts(code: string): ModelSpec {
  return {
    name: etsAuto.name,
    fit: (y, period) => fitEts(y, period, { model: code, damped: code.includes('d') }),
    keeping: etsAuto.keeping!,
  };
}

/** The shortest series any ETS model can be fitted to (by AICc, as R). */
export const MIN_LENGTH = 5;

function validate(y: Float64Array, period: number): void {
  if (!Number.isInteger(period) || period < 1 || period > 24) {
    throw new ForecastInputError('period', `ETS needs an integer seasonal period from 1 to 24, got ${period}`);
  }
  for (let t = 0; t < y.length; t++) {
    if (!Number.isFinite(y[t]!)) {
      throw new ForecastInputError(`values[${t}]`, `ETS needs finite values, got ${y[t]}`);
    }
  }
  // Simple exponential smoothing has 3 parameters with sigma; AICc needs n > k + 1.
  if (y.length < MIN_LENGTH) {
    throw new ForecastInputError('values', `ETS needs at least ${MIN_LENGTH} values, got ${y.length}`);
  }
}

/**
 * R answers a constant series with simple exponential smoothing at alpha 0.99999: every forecast is the
 * constant and the residuals are zero. There is no likelihood (the variance is 0), so AICc is NaN.
 */
function constantFit(y: Float64Array): EtsFit {
  const n = y.length;
  const level = y[0]!;
  const s: EtsStructure = { error: ADD, trend: NONE, damped: false, season: NONE, m: 1 };
  return {
    structure: s,
    params: { alpha: 0.99999, beta: 0, gamma: 0, phi: 1 },
    init: Float64Array.of(level),
    last: Float64Array.of(level),
    loglik: NaN,
    aic: NaN,
    aicc: NaN,
    bic: NaN,
    nParams: 2,
    e: new Float64Array(n),
    fitted: new Float64Array(n).fill(level),
    sigma2: 0,
    evaluations: 0,
  };
}

function wrap(fit: EtsFit, forms: ModelForms | undefined): EtsFittedModel {
  const { structure: s, params: p } = fit;
  const residuals = new Float64Array(fit.fitted.length);
  // The contract wants y - fitted even for multiplicative error, whose model errors are relative.
  for (let t = 0; t < residuals.length; t++) {
    residuals[t] = s.error === ADD ? fit.e[t]! : fit.e[t]! * fit.fitted[t]!;
  }
  const sigma = Math.sqrt(fit.sigma2);
  return {
    name: etsName(s),
    nParams: fit.nParams,
    aicc: fit.aicc,
    residuals,
    fit,
    ...(forms && { forms }),
    forecast: (h: number) => etsForecast(fit.last, s, p.phi, h),
    variance: (h: number) => etsForecastVariance(s, p, fit.sigma2, fit.last, h),
    simulate(h: number, paths: number, random: () => number): Float64Array[] {
      const ws = makeWorkspace(s.m);
      const normal = boxMuller(random);
      // One allocation for all paths; each row is a view on it.
      const buffer = new Float64Array(paths * h);
      const out = new Array<Float64Array>(paths);
      for (let i = 0; i < paths; i++) {
        const path = buffer.subarray(i * h, i * h + h);
        etsSimulatePath(fit.last, s, p, sigma, normal, ws, path);
        out[i] = path;
      }
      return out;
    },
    refilter: (y: Float64Array) => wrap(refiltered(fit, y), forms),
  };
}

/** The fit's parameters, initial state and σ² held fixed, its recursions re-run over y. */
function refiltered(fit: EtsFit, y: Float64Array): EtsFit {
  const n = y.length;
  const e = new Float64Array(n);
  const fitted = new Float64Array(n);
  const last = new Float64Array(fit.init.length);
  etsRun(y, fit.structure, fit.params, fit.init, makeWorkspace(fit.structure.m), { e, fitted, last });
  return { ...fit, e, fitted, last };
}

/** Standard normal draws from uniform ones (Box–Muller, both values of each pair used). */
export function boxMuller(random: () => number): () => number {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    // 1 - u keeps the logarithm finite for generators that can return 0.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
