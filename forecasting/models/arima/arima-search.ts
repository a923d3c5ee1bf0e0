/**
 * The order search of R's `auto.arima()` with its default arguments (forecast 8.20), step for step:
 *
 * - D from the seasonal strength of the STL decomposition (> 0.64), only for series longer than two
 *   periods; d from KPSS tests on the seasonally differenced series (at most 2).
 * - p, q ≤ 5 and P, Q ≤ 2, each at most a third of the series (in periods for P, Q), p and q at most m − 1
 *   when seasonal terms are allowed. As in R's stepwise search, `max.order` does not bound it.
 * - A constant (mean when d + D = 0, drift when d + D = 1) only when d + D ≤ 1.
 * - Four starting models and the model without constant, then R's neighbour moves in R's order, restarting
 *   from the first move after each improvement, at most 94 models.
 * - Series of up to 150 values: every candidate estimated by exact maximum likelihood (CSS start), compared
 *   by AICc. Longer series: candidates estimated by CSS and compared by R's approximate AICc (the
 *   likelihood offset of the ARIMA(0,d,0)(0,D,0) model plus n·log σ²_CSS), then the candidates refitted by
 *   exact ML in order of that criterion until one is acceptable.
 * - A candidate with an AR or MA root within 1.01 of the unit circle is refused.
 */
import { ForecastInputError } from '../../errors.js';
import { fitArima, refineArima, type ArimaFit, type ArimaOrder } from './arima-fit.js';
import { difference, rootsOutside } from './polynomial.js';
import { firstDifferences, seasonalDifferences } from './unit-root.js';

/** R's defaults: max.p, max.q, max.P, max.Q, nmodels, and the length above which the search approximates. */
export const AUTO_ARIMA_DEFAULTS = { maxP: 5, maxQ: 5, maxSP: 2, maxSQ: 2, nModels: 94, approximateAbove: 150 };
/** auto.arima refuses a model whose AR or MA polynomial has a root of modulus below this. */
const MIN_ROOT = 1.01;

interface Candidate {
  readonly p: number;
  readonly q: number;
  readonly P: number;
  readonly Q: number;
  readonly constant: boolean;
  readonly fit: ArimaFit | null;
  /** AICc (or its approximation); Infinity for a refused or failed fit. */
  readonly ic: number;
}

interface Differencing {
  readonly d: number;
  readonly D: number;
  readonly m: number;
}

/** Chooses d and D for y at period m as auto.arima does. */
export function chooseDifferencing(y: Float64Array, m: number): { d: number; D: number } {
  const D = m > 1 && y.length > 2 * m ? seasonalDifferences(y, m) : 0;
  const x = D > 0 ? difference(y, 0, D, m) : y;
  return { d: firstDifferences(x, 2), D };
}

/** Whether the search would accept the fit: no AR or MA root within {@link MIN_ROOT} of the unit circle. */
export function acceptableRoots(fit: ArimaFit): boolean {
  const { p, q, P, Q } = fit.order;
  if (p + P > 0 && !rootsOutside(fit.ar, MIN_ROOT)) return false;
  return (
    q + Q === 0 ||
    rootsOutside(
      Float64Array.from(fit.ma, (v) => -v),
      MIN_ROOT,
    )
  );
}

/** R's CSS criterion: offset + n*·log σ²_CSS + 2k, plus the AICc correction. */
function cssCriterion(fit: ArimaFit, offset: number): number {
  const n = fit.w.length;
  const o = fit.order;
  const npar = o.p + o.q + o.P + o.Q + (o.constant ? 1 : 0) + 1;
  const aic = offset + n * Math.log(fit.cssSigma2) + 2 * npar;
  return aic + (2 * npar * (npar + 1)) / (n - npar - 1);
}

/** −2 log L − n log σ² of ARIMA(0,d,0)(0,D,0) by ML: what R adds to the CSS criterion of a long series. */
function likelihoodOffset(y: Float64Array, diff: Differencing): number {
  const order: ArimaOrder = { p: 0, q: 0, P: 0, Q: 0, ...diff, constant: diff.d + diff.D === 0 };
  const css = fitArima(y, order);
  if (css === null) return 0;
  const fit = refineArima(css);
  return -2 * fit.kalman.logLik - y.length * Math.log(fit.kalman.sigma2);
}

function estimate(
  y: Float64Array,
  diff: Differencing,
  terms: { p: number; q: number; P: number; Q: number; constant: boolean },
  approximate: boolean,
  offset: number,
): Candidate {
  const css = fitArima(y, { ...terms, ...diff });
  if (css === null) return { ...terms, fit: null, ic: Infinity };
  const fit = approximate ? css : refineArima(css);
  const ic = approximate ? cssCriterion(fit, offset) : fit.aicc;
  return { ...terms, fit, ic: Number.isFinite(ic) && acceptableRoots(fit) ? ic : Infinity };
}

/** The neighbour moves of R's stepwise search, in R's order: (Δp, Δq, ΔP, ΔQ). */
const MOVES: readonly (readonly [number, number, number, number])[] = [
  [0, 0, -1, 0],
  [0, 0, 0, -1],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
  [0, 0, -1, -1],
  [0, 0, -1, 1],
  [0, 0, 1, -1],
  [0, 0, 1, 1],
  [-1, 0, 0, 0],
  [0, -1, 0, 0],
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [-1, -1, 0, 0],
  [-1, 1, 0, 0],
  [1, -1, 0, 0],
  [1, 1, 0, 0],
];

/** auto.arima's default stepwise search; throws when no model can be fitted. */
export function searchArima(y: Float64Array, period: number, settings = AUTO_ARIMA_DEFAULTS): ArimaFit {
  const n = y.length;
  const m = period > 1 ? Math.round(period) : 1;
  const { d, D } = chooseDifferencing(y, m);
  const diff: Differencing = { d, D, m };
  let maxP = Math.min(settings.maxP, Math.floor(n / 3));
  let maxQ = Math.min(settings.maxQ, Math.floor(n / 3));
  const maxSP = m > 1 ? Math.min(settings.maxSP, Math.floor(n / 3 / m)) : 0;
  const maxSQ = m > 1 ? Math.min(settings.maxSQ, Math.floor(n / 3 / m)) : 0;
  if (m > 1 && maxSP > 0) maxP = Math.min(maxP, m - 1);
  if (m > 1 && maxSQ > 0) maxQ = Math.min(maxQ, m - 1);
  const approximate = n > settings.approximateAbove || m > 12;
  const offset = approximate ? likelihoodOffset(y, diff) : 0;
  const allowConstant = d + D <= 1;

  const results: Candidate[] = [];
  const run = (p: number, q: number, P: number, Q: number, constant: boolean): Candidate => {
    const c = estimate(y, diff, { p, q, P, Q, constant }, approximate, offset);
    results.push(c);
    return c;
  };
  const isNew = (p: number, q: number, P: number, Q: number, constant: boolean): boolean =>
    !results.some((c) => c.p === p && c.q === q && c.P === P && c.Q === Q && c.constant === constant);

  // R keeps the current orders and the constant apart from the best fit: when the model without constant
  // wins at the start, the neighbours are still explored with the constant.
  let constant = allowConstant;
  const short = n < 10;
  let p = Math.min(short ? 1 : 2, maxP);
  let q = Math.min(short ? 1 : 2, maxQ);
  let P = short ? 0 : Math.min(1, maxSP);
  let Q = short ? 0 : Math.min(1, maxSQ);
  let best = run(p, q, P, Q, constant);
  const start = (c: Candidate, orders: [number, number, number, number]): void => {
    if (c.ic < best.ic) {
      best = c;
      [p, q, P, Q] = orders;
    }
  };
  start(run(0, 0, 0, 0, constant), [0, 0, 0, 0]);
  if (maxP > 0 || maxSP > 0) {
    const o: [number, number, number, number] = [maxP > 0 ? 1 : 0, 0, m > 1 && maxSP > 0 ? 1 : 0, 0];
    start(run(...o, constant), o);
  }
  if (maxQ > 0 || maxSQ > 0) {
    const o: [number, number, number, number] = [0, maxQ > 0 ? 1 : 0, 0, m > 1 && maxSQ > 0 ? 1 : 0];
    start(run(...o, constant), o);
  }
  if (constant) start(run(0, 0, 0, 0, false), [0, 0, 0, 0]);

  // Each pass tries the moves in order and restarts after the first improvement; the constant is toggled
  // only after a pass without one. The search ends after a pass that tried no new model.
  let before = -1;
  while (before < results.length && results.length < settings.nModels) {
    before = results.length;
    let improved = false;
    for (const [dp, dq, dP, dQ] of MOVES) {
      const [a, b, c, e] = [p + dp, q + dq, P + dP, Q + dQ];
      if (a < 0 || b < 0 || c < 0 || e < 0 || a > maxP || b > maxQ || c > maxSP || e > maxSQ) continue;
      if (!isNew(a, b, c, e, constant) || results.length >= settings.nModels) continue;
      const fit = run(a, b, c, e, constant);
      if (fit.ic < best.ic) {
        best = fit;
        [p, q, P, Q] = [a, b, c, e];
        improved = true;
        break;
      }
    }
    if (improved || !allowConstant || results.length >= settings.nModels) continue;
    if (isNew(p, q, P, Q, !constant)) {
      const fit = run(p, q, P, Q, !constant);
      if (fit.ic < best.ic) {
        best = fit;
        constant = !constant;
      }
    }
  }
  const chosen = approximate ? refitExactly(y, diff, results) : best.fit;
  if (chosen === null || !Number.isFinite(best.ic))
    throw new ForecastInputError('values', `no ARIMA model could be fitted to ${n} values`);
  return chosen;
}

/** The candidates in order of the approximate criterion, refitted by exact ML until one is acceptable. */
function refitExactly(y: Float64Array, diff: Differencing, results: readonly Candidate[]): ArimaFit | null {
  const ordered = [...results].sort((a, b) => a.ic - b.ic);
  for (const c of ordered) {
    const exact = estimate(y, diff, c, false, 0);
    if (exact.ic < Infinity) return exact.fit;
  }
  return null;
}
