/**
 * The seasonality test and classical decomposition used by Theta, DOTM and Naive 2, exactly as R's
 * `forecast::thetaf` and `stats::decompose(type = "multiplicative")` compute them. For a series with zero
 * or negative values, where multiplicative indices are undefined or collapse to zero, the additive
 * classical decomposition is used instead (R's thetaf would drop the seasonal adjustment there).
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

/** The centred moving average of y at t (2×m for an even period), the trend of a classical decomposition. */
function centredTrend(y: ArrayLike<number>, t: number, period: number): number {
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  let trend = 0;
  for (let k = -half; k <= half; k++) trend += (even && Math.abs(k) === half ? 0.5 : 1) * (y[t + k] as number);
  return trend / period;
}

/**
 * The mean per position from the series start (index i averages y[i], y[i + period], …) of
 * `detrend(y[t], trend_t)` over every t where the centred moving average exists: the seasonal step of a
 * classical decomposition before its normalisation.
 */
function meanByPosition(
  y: ArrayLike<number>,
  period: number,
  detrend: (value: number, trend: number) => number,
): Float64Array {
  const n = y.length;
  const half = Math.floor(period / 2);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = half; t < n - half; t++) {
    const pos = t % period;
    sums[pos] = (sums[pos] as number) + detrend(y[t] as number, centredTrend(y, t, period));
    counts[pos] = (counts[pos] as number) + 1;
  }
  return Float64Array.from(sums, (v, i) => v / (counts[i] as number));
}

/**
 * Multiplicative seasonal indices by position from the start of the series (index i is the index of
 * y[i], y[i + period], …), normalised to mean 1: a centred 2×m moving average trend, the ratio y / trend,
 * averaged per position. Needs at least two full periods.
 */
export function multiplicativeIndices(y: ArrayLike<number>, period: number): Float64Array {
  const figure = meanByPosition(y, period, (value, trend) => value / trend);
  let total = 0;
  for (let i = 0; i < period; i++) total += figure[i] as number;
  for (let i = 0; i < period; i++) figure[i] = ((figure[i] as number) * period) / total;
  return figure;
}

/** Additive seasonal effects by position, centred to sum 0 (classical additive decomposition). */
export function additiveEffects(y: ArrayLike<number>, period: number): Float64Array {
  const figure = meanByPosition(y, period, (value, trend) => value - trend);
  const centre = figure.reduce((a, b) => a + b, 0) / period;
  return figure.map((v) => v - centre);
}

/** Removes and restores the seasonal pattern at position t (0-based from the series start). */
export interface SeasonalAdjuster {
  readonly kind: 'none' | 'multiplicative' | 'additive';
  adjust(value: number, t: number): number;
  restore(value: number, t: number): number;
}

const NONE: SeasonalAdjuster = { kind: 'none', adjust: (v) => v, restore: (v) => v };

/**
 * Seasonal adjustment for Theta, DOTM and Naive 2: none unless the test says seasonal; multiplicative
 * indices for a positive series (none when an index is within 1e-4 of zero, as R does); additive effects
 * for a series with any value ≤ 0.
 */
export function seasonalAdjuster(y: ArrayLike<number>, period: number): SeasonalAdjuster {
  if (!isSeasonal(y, period)) return NONE;
  let positive = true;
  for (let t = 0; t < y.length; t++) if (!((y[t] as number) > 0)) positive = false;
  if (!positive) {
    const effects = additiveEffects(y, period);
    if (!effects.every(Number.isFinite)) return NONE;
    return {
      kind: 'additive',
      adjust: (v, t) => v - (effects[t % period] as number),
      restore: (v, t) => v + (effects[t % period] as number),
    };
  }
  const figure = multiplicativeIndices(y, period);
  for (const f of figure) if (!Number.isFinite(f) || Math.abs(f) < 1e-4) return NONE;
  return {
    kind: 'multiplicative',
    adjust: (v, t) => v / (figure[t % period] as number),
    restore: (v, t) => v * (figure[t % period] as number),
  };
}
