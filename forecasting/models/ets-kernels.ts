/**
 * Likelihood-only versions of the ETS recursion (see etsRun in ets-core.ts), one loop per error and
 * season type so that the optimiser's hot loop does little per-step branching on the model (the trend
 * test is kept: without trend the loop-carried chain is much shorter). Each returns R's `lik`.
 *
 * These must stay step-for-step identical to etsRun; ets-core.test.ts checks both against R.
 */

const TOL = 1e-10;
const HUGE = 1e10;

/** n·log(Σe²) + 2·Σlog|f|, where Σlog|f| is kept as a logged part plus a running product (fewer logs). */
function finishMult(n: number, sse: number, logSum: number, prod: number): number {
  return n * Math.log(sse) + 2 * (logSum + Math.log(prod));
}

export function likAddNone(
  y: Float64Array,
  hasTrend: boolean,
  alpha: number,
  betaStar: number,
  phi: number,
  l0: number,
  b0: number,
): number {
  const n = y.length;
  let l = l0;
  let b = b0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = hasTrend ? phi * b : 0;
    const q = l + phib;
    const e = yt - q;
    sse += e * e;
    const lNew = q + alpha * e;
    if (hasTrend) b = phib + betaStar * (lNew - l - phib);
    l = lNew;
  }
  return n * Math.log(sse);
}

export function likMultNone(
  y: Float64Array,
  hasTrend: boolean,
  alpha: number,
  betaStar: number,
  phi: number,
  l0: number,
  b0: number,
): number {
  const n = y.length;
  let l = l0;
  let b = b0;
  let sse = 0;
  let logSum = 0;
  let prod = 1;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = hasTrend ? phi * b : 0;
    const q = l + phib;
    const e = (yt - q) / q;
    sse += e * e;
    prod *= Math.abs(q);
    if (prod > 1e200 || prod < 1e-200) {
      logSum += Math.log(prod);
      prod = 1;
    }
    const lNew = q + alpha * (yt - q);
    if (hasTrend) b = phib + betaStar * (lNew - l - phib);
    l = lNew;
  }
  return finishMult(n, sse, logSum, prod);
}

/** Additive season; `ring` holds the seasonal states with the oldest at index 0 (it is overwritten). */
export function likAddAdd(
  y: Float64Array,
  hasTrend: boolean,
  multError: boolean,
  alpha: number,
  betaStar: number,
  gamma: number,
  phi: number,
  l0: number,
  b0: number,
  ring: Float64Array,
  m: number,
): number {
  const n = y.length;
  let l = l0;
  let b = b0;
  let ptr = 0;
  let sse = 0;
  let logSum = 0;
  let prod = 1;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = hasTrend ? phi * b : 0;
    const q = l + phib;
    const sOld = ring[ptr]!;
    const f = q + sOld;
    let e = yt - f;
    if (multError) {
      e /= f;
      prod *= Math.abs(f);
      if (prod > 1e200 || prod < 1e-200) {
        logSum += Math.log(prod);
        prod = 1;
      }
    }
    sse += e * e;
    const lNew = q + alpha * (yt - sOld - q);
    if (hasTrend) b = phib + betaStar * (lNew - l - phib);
    ring[ptr] = sOld + gamma * (yt - q - sOld);
    ptr = ptr + 1 === m ? 0 : ptr + 1;
    l = lNew;
  }
  return multError ? finishMult(n, sse, logSum, prod) : n * Math.log(sse);
}

/** Multiplicative season and error (additive error with it is not allowed, as in R). */
export function likMultMult(
  y: Float64Array,
  hasTrend: boolean,
  alpha: number,
  betaStar: number,
  gamma: number,
  phi: number,
  l0: number,
  b0: number,
  ring: Float64Array,
  m: number,
): number {
  const n = y.length;
  let l = l0;
  let b = b0;
  let ptr = 0;
  let sse = 0;
  let logSum = 0;
  let prod = 1;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = hasTrend ? phi * b : 0;
    const q = l + phib;
    const sOld = ring[ptr]!;
    const f = q * sOld;
    const e = (yt - f) / f;
    sse += e * e;
    prod *= Math.abs(f);
    if (prod > 1e200 || prod < 1e-200) {
      logSum += Math.log(prod);
      prod = 1;
    }
    const pv = Math.abs(sOld) < TOL ? HUGE : yt / sOld;
    const lNew = q + alpha * (pv - q);
    if (hasTrend) b = phib + betaStar * (lNew - l - phib);
    const tv = Math.abs(q) < TOL ? HUGE : yt / q;
    ring[ptr] = sOld + gamma * (tv - sOld);
    ptr = ptr + 1 === m ? 0 : ptr + 1;
    l = lNew;
  }
  return finishMult(n, sse, logSum, prod);
}
