/**
 * How much differencing a series needs, as auto.arima decides it by default: a seasonal difference when the
 * seasonal strength of its STL decomposition exceeds 0.64 (nsdiffs with forecast's "seas" test), then first
 * differences while the KPSS test rejects level stationarity at 5 % (lag truncation ⌊3√n/13⌋, as ndiffs).
 */
import { isConstant, mean, variance } from '../../numeric/stats.js';
import { stl } from '../../numeric/stl.js';

/** 5 % critical value of the KPSS level-stationarity statistic (Kwiatkowski et al. 1992, table 1). */
const KPSS_CRITICAL_5 = 0.463;
/** forecast's mstl smooths the seasonal component of a one-period series with s.window = 7 + 4. */
const MSTL_SEASONAL_WINDOW = 11;

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

/** Number of first differences (0..maxD) until KPSS no longer rejects. */
export function firstDifferences(x: ArrayLike<number>, maxD = 2): number {
  let series = Float64Array.from(x);
  let d = 0;
  while (d < maxD && series.length > 2 && !isConstant(series) && kpssStatistic(series) > KPSS_CRITICAL_5) {
    series = series.subarray(1).map((v, t) => v - (series[t] as number));
    d++;
  }
  return d;
}

/**
 * Seasonal strength max(0, 1 − var(remainder)/var(seasonal + remainder)) of the STL decomposition forecast's
 * `mstl` makes of a series with one period (s.window 11), as forecast's `seas.heuristic`.
 */
export function seasonalStrength(x: ArrayLike<number>, m: number): number {
  const { seasonal, remainder } = stl(x, m, { sWindow: MSTL_SEASONAL_WINDOW });
  const total = variance(Float64Array.from(remainder, (e, t) => e + (seasonal[t] as number)));
  return total > 0 ? Math.max(0, Math.min(1, 1 - variance(remainder) / total)) : 0;
}

/** Seasonal differences (0 or 1): 1 when the series has more than two periods and seasonal strength > 0.64. */
export function seasonalDifferences(x: ArrayLike<number>, m: number): number {
  if (m <= 1 || x.length < 2 * m + 1 || isConstant(x)) return 0;
  return seasonalStrength(x, m) > 0.64 ? 1 : 0;
}
