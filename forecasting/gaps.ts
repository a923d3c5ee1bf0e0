/**
 * From the request's values (NaN = no figure that month) to a gap-free series the models can fit.
 *
 * Leading and trailing gaps are dropped: the forecast starts the month after the last figure. Inside the
 * span, when the most recent gap-free stretch holds at least three years, only that stretch is used (older
 * history is less relevant than invented values). Otherwise interior gaps are filled by interpolation
 * between the neighbouring figures, geometric when both are positive (growth compounds) and linear
 * otherwise, and the answer reports how many months were filled.
 */
import { ForecastInputError } from './errors.js';

export interface PreparedSeries {
  /** Gap-free values the models fit. */
  readonly y: Float64Array;
  /** Whether y[i] is an actual figure (false: filled by interpolation). */
  readonly observed: Uint8Array;
  /** Position of y[0] in the request's values. */
  readonly offset: number;
  /** Number of actual figures in y. */
  readonly nObserved: number;
  /** Months filled by interpolation. */
  readonly filled: number;
  /** Months of older history left out because of gaps. */
  readonly dropped: number;
  /** Whether every actual figure in the request is ≥ 0 (then forecasts are kept ≥ 0 too). */
  readonly nonNegative: boolean;
}

/** A gap-free tail at least this long is used alone rather than filling older gaps. */
const TAIL_ALONE = 36;

export function prepareSeries(values: ArrayLike<number>): PreparedSeries {
  let first = -1;
  let last = -1;
  let nonNegative = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) throw new ForecastInputError(`values[${i}]`, 'must be a finite number or NaN for a gap');
    if (first < 0) first = i;
    last = i;
    if (v < 0) nonNegative = false;
  }
  if (first < 0) throw new ForecastInputError('values', 'has no numeric value (empty or all NaN)');
  let tailStart = last;
  while (tailStart > first && !Number.isNaN(values[tailStart - 1] as number)) tailStart--;
  const start = last - tailStart + 1 >= TAIL_ALONE ? tailStart : first;
  const n = last - start + 1;
  const y = new Float64Array(n);
  const observed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[start + i] as number;
    y[i] = v;
    observed[i] = Number.isNaN(v) ? 0 : 1;
  }
  let filled = 0;
  for (let i = 0; i < n; i++) {
    if (observed[i]) continue;
    let j = i;
    while (!observed[j]) j++;
    const a = y[i - 1] as number;
    const b = y[j] as number;
    const steps = j - i + 1;
    for (let k = i; k < j; k++) {
      const w = (k - i + 1) / steps;
      y[k] = a > 0 && b > 0 ? a * (b / a) ** w : a + (b - a) * w;
      filled++;
    }
    i = j;
  }
  return { y, observed, offset: start, nObserved: n - filled, filled, dropped: start - first, nonNegative };
}
