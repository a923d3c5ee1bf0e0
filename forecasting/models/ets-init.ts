/**
 * Starting values for the ETS optimiser, as forecast 8.20 computes them: `initparam` for the smoothing
 * parameters and `initstate` for the states (a classical decomposition of the whole series for the
 * seasonal states, or a trend + one-harmonic regression when there are fewer than three seasons, then a
 * straight-line fit to the first max(10, 2m) seasonally adjusted values for the level and trend).
 */
import type { EtsParams, EtsStructure } from './ets-core.js';
import { ADD, NONE } from './ets-core.js';
import { LOWER, UPPER } from './ets-admissible.js';

/** R's `initparam` with `bounds = "both"` and nothing fixed by the caller. */
export function initialParams(s: EtsStructure): EtsParams {
  const m = s.season !== NONE ? s.m : 1;
  let alpha = LOWER.alpha + (0.2 * (UPPER.alpha - LOWER.alpha)) / m;
  if (alpha > 1 || alpha < 0) alpha = LOWER.alpha + 0.002;
  let beta = 0;
  if (s.trend !== NONE) {
    const ub = Math.min(UPPER.beta, alpha);
    beta = LOWER.beta + 0.1 * (ub - LOWER.beta);
    if (beta < 0 || beta > alpha) beta = alpha - 0.001;
  }
  let gamma = 0;
  if (s.season !== NONE) {
    const ug = Math.min(UPPER.gamma, 1 - alpha);
    gamma = LOWER.gamma + 0.05 * (ug - LOWER.gamma);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 0.001;
  }
  let phi = 1;
  if (s.damped) {
    phi = LOWER.phi + 0.99 * (UPPER.phi - LOWER.phi);
    if (phi < 0 || phi > 1) phi = UPPER.phi - 0.001;
  }
  return { alpha, beta, gamma, phi };
}

/**
 * R's `initstate`: `[l, b?, s_0 .. s_{m-2}]` (the last seasonal state is implied by the normalisation and
 * is not a free parameter). Requires n >= 4 for seasonal models.
 */
export function initialStates(y: Float64Array, s: EtsStructure): Float64Array {
  const n = y.length;
  const hasTrend = s.trend !== NONE;
  const m = s.season !== NONE ? s.m : 1;
  const out = new Float64Array(1 + (hasTrend ? 1 : 0) + (s.season !== NONE ? m - 1 : 0));
  let ySa = y;
  if (s.season !== NONE) {
    const seasonal = n < 3 * m ? harmonicSeasonal(y, m, s.season === ADD) : decompose(y, m, s.season === ADD);
    const so = hasTrend ? 2 : 1;
    // R: init.seas <- rev(y.d$seasonal[2:m]).
    for (let k = 0; k < m - 1; k++) out[so + k] = seasonal[m - 1 - k]!;
    ySa = new Float64Array(n);
    if (s.season === ADD) {
      for (let t = 0; t < n; t++) ySa[t] = y[t]! - seasonal[t]!;
    } else {
      let sum = 0;
      for (let k = 0; k < m - 1; k++) {
        out[so + k] = Math.max(out[so + k]!, 0.01);
        sum += out[so + k]!;
      }
      // R divides by sum(init.seas + 0.01), i.e. adds 0.01 per state.
      if (sum > m) for (let k = 0; k < m - 1; k++) out[so + k] = out[so + k]! / (sum + 0.01 * (m - 1));
      for (let t = 0; t < n; t++) ySa[t] = y[t]! / Math.max(seasonal[t]!, 0.01);
    }
  }
  const maxn = Math.min(Math.max(10, 2 * m), n);
  if (!hasTrend) {
    let sum = 0;
    for (let t = 0; t < maxn; t++) sum += ySa[t]!;
    out[0] = sum / maxn;
    return out;
  }
  // Least-squares line through (1, ySa[0]) .. (maxn, ySa[maxn-1]).
  const tBar = (maxn + 1) / 2;
  let yBar = 0;
  for (let t = 0; t < maxn; t++) yBar += ySa[t]!;
  yBar /= maxn;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < maxn; t++) {
    const dx = t + 1 - tBar;
    sxy += dx * (ySa[t]! - yBar);
    sxx += dx * dx;
  }
  let b0 = sxy / sxx;
  let l0 = yBar - b0 * tBar;
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 0.001;
    b0 *= 1 - 0.001;
  }
  out[0] = l0;
  out[1] = b0;
  return out;
}

/** R's `decompose(y, type)$seasonal`: centred moving average, then the mean detrended value per position. */
export function decompose(y: Float64Array, m: number, additive: boolean): Float64Array {
  const n = y.length;
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const figSum = new Float64Array(m);
  const figCount = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (even) {
      trend = 0.5 * (y[t - half]! + y[t + half]!);
      for (let k = -half + 1; k < half; k++) trend += y[t + k]!;
    } else {
      for (let k = -half; k <= half; k++) trend += y[t + k]!;
    }
    trend /= m;
    const pos = t % m;
    figSum[pos] = figSum[pos]! + (additive ? y[t]! - trend : y[t]! / trend);
    figCount[pos] = figCount[pos]! + 1;
  }
  let mean = 0;
  for (let i = 0; i < m; i++) {
    figSum[i] = figSum[i]! / figCount[i]!;
    mean += figSum[i]!;
  }
  mean /= m;
  const seasonal = new Float64Array(n);
  for (let t = 0; t < n; t++) seasonal[t] = additive ? figSum[t % m]! - mean : figSum[t % m]! / mean;
  return seasonal;
}

/**
 * For short series (n < 3m) R regresses y on an intercept, a time trend and one sine/cosine pair, and
 * takes y minus (or divided by) the fitted line as the seasonal component.
 */
function harmonicSeasonal(y: Float64Array, m: number, additive: boolean): Float64Array {
  const n = y.length;
  const k = 4;
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  const row = new Float64Array(k);
  for (let t = 1; t <= n; t++) {
    row[0] = 1;
    row[1] = t;
    row[2] = Math.sin((2 * Math.PI * t) / m);
    row[3] = Math.cos((2 * Math.PI * t) / m);
    for (let i = 0; i < k; i++) {
      xty[i] = xty[i]! + row[i]! * y[t - 1]!;
      for (let j = 0; j < k; j++) xtx[i * k + j] = xtx[i * k + j]! + row[i]! * row[j]!;
    }
  }
  const beta = solveSymmetric(xtx, xty, k);
  const seasonal = new Float64Array(n);
  for (let t = 1; t <= n; t++) {
    const line = beta[0]! + beta[1]! * t;
    seasonal[t - 1] = additive ? y[t - 1]! - line : y[t - 1]! / line;
  }
  return seasonal;
}

/** Solves A x = b for a small symmetric positive-definite A (row-major) by Gaussian elimination. */
export function solveSymmetric(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const A = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r * k + c]!) > Math.abs(A[piv * k + c]!)) piv = r;
    if (piv !== c) {
      for (let j = 0; j < k; j++) {
        const tmp = A[c * k + j]!;
        A[c * k + j] = A[piv * k + j]!;
        A[piv * k + j] = tmp;
      }
      const tb = x[c]!;
      x[c] = x[piv]!;
      x[piv] = tb;
    }
    const d = A[c * k + c]!;
    for (let r = c + 1; r < k; r++) {
      const f = A[r * k + c]! / d;
      if (f === 0) continue;
      for (let j = c; j < k; j++) A[r * k + j] = A[r * k + j]! - f * A[c * k + j]!;
      x[r] = x[r]! - f * x[c]!;
    }
  }
  for (let c = k - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let j = c + 1; j < k; j++) s -= A[c * k + j]! * x[j]!;
    x[c] = s / A[c * k + c]!;
  }
  return x;
}
