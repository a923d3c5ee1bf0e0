/**
 * Rolling-origin evaluation: refit the method at several recent origins, forecast up to the horizon from
 * each, and score against the actual figures that followed (months filled by interpolation are not scored).
 */
import { ForecastInputError } from './errors.js';
import { prepareSeries } from './gaps.js';
import { runMethod } from './run.js';
import { chooseMethod } from './select.js';
import { coverage, maseScale, smapeTerm } from './metrics.js';
import type { BacktestSummary, HorizonAccuracy } from './types.js';

export interface BacktestOptions {
  /** Method name, default `auto` (resolved again at every origin). */
  readonly method?: string;
  /** Steps forecast from each origin, default 12. */
  readonly horizon?: number;
  /** Number of origins, default 8, spaced `step` months apart ending `1` month before the last figure. */
  readonly origins?: number;
  /** Months between origins, default 3. */
  readonly step?: number;
  /** Smallest training length, default 24. */
  readonly minTrain?: number;
  /** Sample paths per origin for interval coverage, default 500. */
  readonly paths?: number;
  readonly seed?: number;
  /** Seasonal period, default 12. */
  readonly period?: number;
}

interface Cell {
  smape: number;
  ase: number;
  in80: number;
  in95: number;
  n: number;
}

/** Rolling-origin accuracy of a method on one series (values as in a forecast request, NaN = gap). */
export function backtest(values: ArrayLike<number>, options: BacktestOptions = {}): BacktestSummary {
  const method = options.method ?? 'auto';
  const horizon = options.horizon ?? 12;
  const period = options.period ?? 12;
  const step = options.step ?? 3;
  const minTrain = options.minTrain ?? 24;
  const full = prepareSeries(values);
  const lastIndex = full.offset + full.y.length - 1;
  const cells: Cell[] = Array.from({ length: horizon }, () => ({ smape: 0, ase: 0, in80: 0, in95: 0, n: 0 }));
  let origins = 0;
  for (let k = 0; k < (options.origins ?? 8); k++) {
    const end = lastIndex - 1 - k * step;
    const train = Array.prototype.slice.call(values, 0, end + 1) as number[];
    const prepared = prepareSeries(train);
    if (prepared.y.length < minTrain) break;
    const scale = maseScale(prepared.y, period);
    const choice = chooseMethod(method, prepared);
    const h = Math.min(horizon, lastIndex - end);
    const run = runMethod(choice, prepared, h, period, options.paths ?? 500, (options.seed ?? 1) + k);
    origins++;
    for (let i = 0; i < h; i++) {
      const y = values[end + 1 + i] as number;
      if (Number.isNaN(y)) continue;
      const cell = cells[i] as Cell;
      const iv = run.intervals[i];
      if (iv === undefined) continue;
      cell.smape += smapeTerm(y, iv.point);
      cell.ase += Number.isFinite(scale) ? Math.abs(y - iv.point) / scale : NaN;
      cell.in80 += coverage([y], [iv.lo80], [iv.hi80]);
      cell.in95 += coverage([y], [iv.lo95], [iv.hi95]);
      cell.n++;
    }
  }
  if (origins === 0)
    throw new ForecastInputError('values', `a backtest needs at least ${minTrain + 1} months of history`);
  const perHorizon: HorizonAccuracy[] = cells
    .map((c, i) => ({
      h: i + 1,
      smape: c.smape / c.n,
      mase: c.ase / c.n,
      coverage80: c.in80 / c.n,
      coverage95: c.in95 / c.n,
      n: c.n,
    }))
    .filter((c) => c.n > 0);
  const totals = cells.reduce(
    (a, c) => ({
      smape: a.smape + c.smape,
      ase: a.ase + c.ase,
      in80: a.in80 + c.in80,
      in95: a.in95 + c.in95,
      n: a.n + c.n,
    }),
    { smape: 0, ase: 0, in80: 0, in95: 0, n: 0 },
  );
  return {
    method,
    origins,
    smape: totals.smape / totals.n,
    mase: totals.ase / totals.n,
    coverage80: totals.in80 / totals.n,
    coverage95: totals.in95 / totals.n,
    perHorizon,
  };
}
