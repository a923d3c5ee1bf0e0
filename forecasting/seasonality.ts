/**
 * The seasonality test and classical decomposition used by Theta and Naive 2, exactly as R's
 * `forecast::thetaf` and `stats::decompose(type = "multiplicative")` compute them.
 */
import { acf, isConstant } from './numeric/stats.js';

/** qnorm(0.95): the 90 % two-sided test of the M3 competition. */
const Z95 = 1.6448536269514722;

/**
 * Whether the series is seasonal at `period`: not constant, longer than two periods, and
 * |r_m| > 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²) / n).
 */
export function isSeasonal(y: ArrayLike<number>, period: number): boolean {
  const n = y.length;
  if (period <= 1 || n <= 2 * period || isConstant(y)) return false;
  const r = acf(y, period);
  let s = 0;
  for (let k = 0; k < period - 1; k++) s += (r[k] as number) ** 2;
  const stat = Math.sqrt((1 + 2 * s) / n);
  return Math.abs(r[period - 1] as number) / stat > Z95;
}

/**
 * Multiplicative seasonal indices by position from the start of the series (index i is the index of
 * y[i], y[i + period], …), normalised to mean 1: a centred 2×m moving average trend, the ratio y / trend,
 * averaged per position. Needs at least two full periods.
 */
export function multiplicativeIndices(y: ArrayLike<number>, period: number): Float64Array {
  const n = y.length;
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    for (let k = -half; k <= half; k++) {
      const w = even && Math.abs(k) === half ? 0.5 : 1;
      trend += w * (y[t + k] as number);
    }
    trend /= period;
    const pos = t % period;
    sums[pos] = (sums[pos] as number) + (y[t] as number) / trend;
    counts[pos] = (counts[pos] as number) + 1;
  }
  const figure = new Float64Array(period);
  let total = 0;
  for (let i = 0; i < period; i++) {
    figure[i] = (sums[i] as number) / (counts[i] as number);
    total += figure[i] as number;
  }
  for (let i = 0; i < period; i++) figure[i] = ((figure[i] as number) * period) / total;
  return figure;
}

/** Seasonal index of observation or forecast position `t` (0-based from the series start). */
export function indexAt(figure: Float64Array, t: number): number {
  return figure[t % figure.length] as number;
}

/**
 * Seasonal adjustment for Theta and Naive 2: indices when the test says seasonal and every index is
 * usable (R falls back to no adjustment when an index is within 1e-4 of zero), otherwise null.
 */
export function seasonalAdjustment(y: ArrayLike<number>, period: number): Float64Array | null {
  if (!isSeasonal(y, period)) return null;
  const figure = multiplicativeIndices(y, period);
  for (const f of figure) if (!Number.isFinite(f) || Math.abs(f) < 1e-4) return null;
  return figure;
}
