/**
 * The seasonal shape of a series with gaps: multiplicative indices by calendar month, estimated only from
 * the months with actual figures, so that filled months can follow the shape instead of a straight line
 * (a December high, a Chinese New Year low).
 */
import { isSeasonal } from './seasonality.js';

/** Twelve multiplicative indices by calendar month (index 0 = January), geometric mean 1. */
export type SeasonalShape = Float64Array;

/**
 * The shape of `y` (gaps already filled flat, `observed` marking actual figures) whose first value falls in
 * calendar month `phase` (0 = January); null when the series cannot support one: not positive, not over
 * two years, not seasonal by the thetaf test, or some calendar month without an actual figure whose centred
 * year-long moving average exists.
 */
export function shapeOfSeries(
  y: Float64Array,
  observed: Uint8Array,
  phase: number,
  period: number,
): SeasonalShape | null {
  const n = y.length;
  if (n <= 2 * period || !y.every((v) => v > 0) || !isSeasonal(y, period)) return null;
  const half = Math.floor(period / 2);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = half; t < n - half; t++) {
    if (!observed[t]) continue;
    let trend = 0;
    for (let k = -half; k <= half; k++) trend += (Math.abs(k) === half ? 0.5 : 1) * (y[t + k] as number);
    const c = (phase + t) % period;
    sums[c] = (sums[c] as number) + Math.log(((y[t] as number) * period) / trend);
    counts[c] = (counts[c] as number) + 1;
  }
  if (counts.some((c) => c === 0)) return null;
  const logs = Float64Array.from(sums, (s, c) => s / (counts[c] as number));
  const centre = logs.reduce((a, b) => a + b, 0) / period;
  return Float64Array.from(logs, (l) => Math.exp(l - centre));
}

/** Checks a shape given by a caller (e.g. a related series'): `period` positive finite indices. */
export function validShape(shape: ArrayLike<number>, period: number): boolean {
  if (shape.length !== period) return false;
  for (let i = 0; i < period; i++) {
    const v = shape[i] as number;
    if (!(Number.isFinite(v) && v > 0)) return false;
  }
  return true;
}
