/**
 * How much differencing a series needs, as auto.arima decides it: a seasonal difference when the seasonal
 * strength exceeds 0.64 (forecast's "seas" heuristic; here measured on a classical additive decomposition
 * rather than STL, which is cheaper and close for this purpose), then first differences while the KPSS
 * test rejects level stationarity at 5 % (lag truncation ⌊3√n/13⌋, as forecast's ndiffs).
 */
import { mean } from '../../numeric/stats.js';

/** 5 % critical value of the KPSS level-stationarity statistic (Kwiatkowski et al. 1992, table 1). */
const KPSS_CRITICAL_5 = 0.463;

/** The KPSS statistic for level stationarity. */
export function kpssStatistic(x: ArrayLike<number>): number {
  const n = x.length;
  const m = mean(x);
  const e = Float64Array.from(x, (v) => v - m);
  let partial = 0;
  let sumS2 = 0;
  let s0 = 0;
  for (let t = 0; t < n; t++) {
    partial += e[t] as number;
    sumS2 += partial * partial;
    s0 += (e[t] as number) ** 2;
  }
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  let longRun = s0 / n;
  for (let k = 1; k <= lags; k++) {
    let c = 0;
    for (let t = k; t < n; t++) c += (e[t] as number) * (e[t - k] as number);
    longRun += (2 * (1 - k / (lags + 1)) * c) / n;
  }
  return sumS2 / (n * n * longRun);
}

function isConstantSeries(x: ArrayLike<number>): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** Number of first differences (0..maxD) until KPSS no longer rejects. */
export function firstDifferences(x: ArrayLike<number>, maxD = 2): number {
  let series = Float64Array.from(x);
  let d = 0;
  while (d < maxD && series.length > 2 && !isConstantSeries(series) && kpssStatistic(series) > KPSS_CRITICAL_5) {
    series = series.subarray(1).map((v, t) => v - (series[t] as number));
    d++;
  }
  return d;
}

/**
 * Seasonal strength max(0, 1 − var(remainder)/var(seasonal + remainder)) from a classical additive
 * decomposition (centred moving average trend, mean detrended value per position).
 */
export function seasonalStrength(x: ArrayLike<number>, m: number): number {
  const n = x.length;
  const half = Math.floor(m / 2);
  const detrended = new Float64Array(n).fill(NaN);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    for (let k = -half; k <= half; k++) trend += (m % 2 === 0 && Math.abs(k) === half ? 0.5 : 1) * (x[t + k] as number);
    detrended[t] = (x[t] as number) - trend / m;
  }
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    const v = detrended[t] as number;
    if (Number.isNaN(v)) continue;
    sums[t % m] = (sums[t % m] as number) + v;
    counts[t % m] = (counts[t % m] as number) + 1;
  }
  const figure = Float64Array.from(sums, (s, i) => s / (counts[i] as number));
  const centre = mean(figure);
  const remainder: number[] = [];
  const seasonPlusRemainder: number[] = [];
  for (let t = 0; t < n; t++) {
    const v = detrended[t] as number;
    if (Number.isNaN(v)) continue;
    remainder.push(v - ((figure[t % m] as number) - centre));
    seasonPlusRemainder.push(v);
  }
  const variance = (a: number[]): number => {
    const mu = mean(a);
    return a.reduce((s, v) => s + (v - mu) ** 2, 0) / (a.length - 1);
  };
  const total = variance(seasonPlusRemainder);
  return total > 0 ? Math.max(0, Math.min(1, 1 - variance(remainder) / total)) : 0;
}

/** Seasonal differences (0 or 1): 1 when the series has two full periods and seasonal strength > 0.64. */
export function seasonalDifferences(x: ArrayLike<number>, m: number): number {
  if (m <= 1 || x.length < 2 * m + 1 || isConstantSeries(x)) return 0;
  return seasonalStrength(x, m) > 0.64 ? 1 : 0;
}
