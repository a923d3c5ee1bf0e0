/**
 * STL, seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990), non-robust,
 * as R's `stats::stl` computes it (a port of its Fortran: the inner loop of seasonal smoothing of each
 * cycle-subseries, low-pass filtering, and trend smoothing, with loess evaluated every `jump` points and
 * linearly interpolated between them). forecast's `mstl` on a series of one period calls it with
 * s.window = 11; its seasonal strength decides the seasonal difference of auto.arima.
 */

export interface StlOptions {
  /** Seasonal smoothing span (odd, ≥ 3). */
  readonly sWindow: number;
  /** Degree of the seasonal loess (R's default 0). */
  readonly sDegree?: number;
  /** Trend span; R's default is the next odd of ⌈1.5·period / (1 − 1.5/sWindow)⌉. */
  readonly tWindow?: number;
  /** Low-pass span; R's default is the next odd of the period. */
  readonly lWindow?: number;
  /** Inner iterations (R's default 2 without robustness). */
  readonly inner?: number;
}

export interface StlDecomposition {
  readonly seasonal: Float64Array;
  readonly trend: Float64Array;
  readonly remainder: Float64Array;
}

function nextOdd(x: number): number {
  const v = Math.round(x);
  return v % 2 === 0 ? v + 1 : v;
}

/**
 * Weighted local regression of y (1-based positions nleft..nright of the Fortran, here 0-based) at xs.
 * Returns NaN when every weight is zero (the Fortran's `ok = .false.`).
 */
function loessAt(
  y: ArrayLike<number>,
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.trunc((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    let wj = 0;
    if (r <= h9) wj = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
    w[j - 1] = wj;
    a += wj;
  }
  if (a <= 0) return NaN;
  for (let j = nleft; j <= nright; j++) w[j - 1] = (w[j - 1] as number) / a;
  if (h > 0 && degree > 0) {
    let centre = 0;
    for (let j = nleft; j <= nright; j++) centre += (w[j - 1] as number) * j;
    let b = xs - centre;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += (w[j - 1] as number) * (j - centre) ** 2;
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w[j - 1] = (w[j - 1] as number) * (b * (j - centre) + 1);
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += (w[j - 1] as number) * (y[j - 1] as number);
  return ys;
}

/** Loess smoothing of y[0..n) evaluated every `jump` points and interpolated linearly in between. */
function loessSmooth(y: ArrayLike<number>, n: number, len: number, degree: number, jump: number, out: Float64Array) {
  if (n < 2) {
    out[0] = y[0] as number;
    return;
  }
  const w = new Float64Array(n);
  const at = (i: number, nleft: number, nright: number): void => {
    const v = loessAt(y, n, len, degree, i, nleft, nright, w);
    out[i - 1] = Number.isNaN(v) ? (y[i - 1] as number) : v;
  };
  const step = Math.min(jump, n - 1);
  let nleft = 1;
  let nright = n;
  if (len >= n) {
    for (let i = 1; i <= n; i += step) at(i, 1, n);
  } else if (step === 1) {
    const half = Math.trunc((len + 1) / 2);
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > half && nright !== n) {
        nleft++;
        nright++;
      }
      at(i, nleft, nright);
    }
  } else {
    const half = Math.trunc((len + 1) / 2);
    for (let i = 1; i <= n; i += step) {
      if (i < half) {
        nleft = 1;
        nright = len;
      } else if (i >= n - half + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - half + 1;
        nright = len + i - half;
      }
      at(i, nleft, nright);
    }
  }
  if (step === 1) return;
  for (let i = 1; i <= n - step; i += step) {
    const delta = ((out[i + step - 1] as number) - (out[i - 1] as number)) / step;
    for (let j = i + 1; j < i + step; j++) out[j - 1] = (out[i - 1] as number) + delta * (j - i);
  }
  const k = Math.trunc((n - 1) / step) * step + 1;
  if (k !== n) {
    at(n, nleft, nright);
    if (k !== n - 1) {
      const delta = ((out[n - 1] as number) - (out[k - 1] as number)) / (n - k);
      for (let j = k + 1; j < n; j++) out[j - 1] = (out[k - 1] as number) + delta * (j - k);
    }
  }
}

/** Moving average of length len: out has x.length − len + 1 values. */
function movingAverage(x: ArrayLike<number>, n: number, len: number, out: Float64Array): void {
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i] as number;
  out[0] = v / len;
  for (let j = 1; j <= n - len; j++) {
    v += (x[len + j - 1] as number) - (x[j - 1] as number);
    out[j] = v / len;
  }
}

/**
 * Smooths each cycle-subseries of y (period np) and extends it by one value at each end: the result has
 * n + 2·np values, the seasonal estimate for positions −np+1 … n+np.
 */
function smoothSubseries(y: Float64Array, n: number, np: number, ns: number, degree: number, jump: number) {
  const season = new Float64Array(n + 2 * np);
  const sub = new Float64Array(Math.ceil(n / np) + 2);
  const smooth = new Float64Array(sub.length + 2);
  const w = new Float64Array(sub.length + 2);
  for (let j = 1; j <= np; j++) {
    const k = Math.trunc((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) sub[i - 1] = y[(i - 1) * np + j - 1] as number;
    const inner = smooth.subarray(1);
    loessSmooth(sub, k, ns, degree, jump, inner);
    const first = loessAt(sub, k, ns, degree, 0, 1, Math.min(ns, k), w);
    smooth[0] = Number.isNaN(first) ? (smooth[1] as number) : first;
    const last = loessAt(sub, k, ns, degree, k + 1, Math.max(1, k - ns + 1), k, w);
    smooth[k + 1] = Number.isNaN(last) ? (smooth[k] as number) : last;
    for (let m = 1; m <= k + 2; m++) season[(m - 1) * np + j - 1] = smooth[m - 1] as number;
  }
  return season;
}

/** Decomposes y (length > 2·period) into seasonal, trend and remainder. */
export function stl(y: ArrayLike<number>, period: number, options: StlOptions): StlDecomposition {
  const n = y.length;
  if (period < 2 || n <= 2 * period) throw new RangeError(`stl needs more than two periods, got ${n} values`);
  const ns = Math.max(3, nextOdd(options.sWindow));
  const sDegree = options.sDegree ?? 0;
  const nt = Math.max(3, nextOdd(options.tWindow ?? Math.ceil((1.5 * period) / (1 - 1.5 / options.sWindow))));
  const nl = Math.max(3, nextOdd(options.lWindow ?? period));
  const tDegree = 1;
  const lDegree = tDegree;
  const [sJump, tJump, lJump] = [ns, nt, nl].map((w) => Math.ceil(w / 10)) as [number, number, number];
  const inner = options.inner ?? 2;
  const trend = new Float64Array(n);
  const seasonal = new Float64Array(n);
  const detrended = new Float64Array(n);
  const lowPass = new Float64Array(n + 2 * period);
  const lowPass2 = new Float64Array(n + 2 * period);
  const lowSmooth = new Float64Array(n);
  for (let iteration = 0; iteration < inner; iteration++) {
    for (let i = 0; i < n; i++) detrended[i] = (y[i] as number) - (trend[i] as number);
    const cycle = smoothSubseries(detrended, n, period, ns, sDegree, sJump);
    // Low-pass filter of the cycle: moving averages of period, period and 3, then loess.
    movingAverage(cycle, n + 2 * period, period, lowPass);
    movingAverage(lowPass, n + period + 1, period, lowPass2);
    movingAverage(lowPass2, n + 2, 3, lowPass);
    loessSmooth(lowPass, n, nl, lDegree, lJump, lowSmooth);
    for (let i = 0; i < n; i++) seasonal[i] = (cycle[period + i] as number) - (lowSmooth[i] as number);
    for (let i = 0; i < n; i++) detrended[i] = (y[i] as number) - (seasonal[i] as number);
    loessSmooth(detrended, n, nt, tDegree, tJump, trend);
  }
  const remainder = Float64Array.from(y, (v, i) => v - (seasonal[i] as number) - (trend[i] as number));
  return { seasonal, trend, remainder };
}
