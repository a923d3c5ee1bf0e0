/**
 * Accuracy measures exactly as the benchmarks README defines them (M3 sMAPE in percent, MASE scaled by
 * the in-sample seasonal naive error), plus interval coverage.
 */

/** Mean over t of 200·|y − f| / (|y| + |f|); a term with y = f = 0 counts as 0. */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < actual.length; t++) s += smapeTerm(actual[t] as number, forecast[t] as number);
  return s / actual.length;
}

/** One sMAPE term, in percent. */
export function smapeTerm(y: number, f: number): number {
  const denominator = Math.abs(y) + Math.abs(f);
  return denominator === 0 ? 0 : (200 * Math.abs(y - f)) / denominator;
}

/**
 * The MASE scale: mean |x_t − x_{t−m}| over the training values. Falls back to lag 1 when the series is
 * shorter than m + 1. Returns NaN when the series has no variation at that lag (MASE is then undefined).
 */
export function maseScale(train: ArrayLike<number>, period: number): number {
  const lag = train.length > period ? period : 1;
  let s = 0;
  let count = 0;
  for (let t = lag; t < train.length; t++) {
    const a = train[t] as number;
    const b = train[t - lag] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    s += Math.abs(a - b);
    count++;
  }
  return count > 0 && s > 0 ? s / count : NaN;
}

/** Mean |y − f| / scale. */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  let s = 0;
  for (let t = 0; t < actual.length; t++) s += Math.abs((actual[t] as number) - (forecast[t] as number));
  return s / actual.length / scale;
}

/** Share of actual values inside [lo, hi]. */
export function coverage(actual: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  let inside = 0;
  for (let t = 0; t < actual.length; t++) {
    const y = actual[t] as number;
    if (y >= (lo[t] as number) && y <= (hi[t] as number)) inside++;
  }
  return inside / actual.length;
}
