/**
 * Rolling-origin evaluation: forecast up to the horizon from several recent origins and score against the
 * actual figures that followed (months filled by interpolation are not scored).
 *
 * A forecast's own backtest (`backtestFit`) keeps the method's fit on the whole series and re-runs its filter
 * up to each origin with the estimated parameters held fixed (`FittedModel.refilter`): one pass over the
 * data per origin instead of an estimation, so eight origins cost a fraction of the fit. The parameters have
 * seen the months after the origin, which flatters the errors a little; a model without a filter to re-run
 * (seasonal naive, naive 2: nothing is estimated) is fitted again on the months up to the origin.
 * `backtest` re-estimates the method, chosen again, at every origin: the slower, strictly out-of-sample
 * reference.
 */
import { ForecastInputError } from './errors.js';
import { prepareSeries, type PreparedSeries } from './gaps.js';
import { coverage, maseScale, smapeTerm } from './metrics.js';
import { runFitted, runMethod, type MethodRun } from './run.js';
import { chooseMethod, type MethodChoice } from './select.js';
import type { BacktestSummary, FittedModel, HorizonAccuracy } from './types.js';

/**
 * Sample paths per origin: enough for the 80 % and 95 % coverage averaged over the origins and months, and
 * few enough that simulating them (not re-filtering) does not make the backtest cost more than the fit.
 */
export const BACKTEST_PATHS = 200;

export interface BacktestOptions {
  /** Method name, default `auto` (resolved again at every origin by `backtest`). */
  readonly method?: string;
  /** Steps forecast from each origin, default 12. */
  readonly horizon?: number;
  /** Number of origins, default 8, spaced `step` months apart ending `1` month before the last figure. */
  readonly origins?: number;
  /** Months between origins, default 3. */
  readonly step?: number;
  /** Smallest training length, default 24. */
  readonly minTrain?: number;
  /** Sample paths per origin for interval coverage, default {@link BACKTEST_PATHS}. */
  readonly paths?: number;
  readonly seed?: number;
  /** Seasonal period, default 12. */
  readonly period?: number;
}

/** A method's fit on a whole prepared series, as the forecast made it. */
export interface WholeFit {
  readonly choice: MethodChoice;
  readonly model: FittedModel;
  readonly series: PreparedSeries;
}

/** A backtest, or why there is none (in words a planner can read). */
export type BacktestOutcome =
  { readonly summary: BacktestSummary; readonly reason: null } | { readonly summary: null; readonly reason: string };

interface Cell {
  smape: number;
  ase: number;
  in80: number;
  in95: number;
  n: number;
}

interface Settings {
  readonly method: string;
  readonly horizon: number;
  readonly origins: number;
  readonly step: number;
  readonly minTrain: number;
  readonly paths: number;
  readonly seed: number;
  readonly period: number;
}

function settings(options: BacktestOptions): Settings {
  return {
    method: options.method ?? 'auto',
    horizon: options.horizon ?? 12,
    origins: options.origins ?? 8,
    step: options.step ?? 3,
    minTrain: options.minTrain ?? 24,
    paths: options.paths ?? BACKTEST_PATHS,
    seed: options.seed ?? 1,
    period: options.period ?? 12,
  };
}

/** The forecast from the origin at `end` (an index into the request's values), or a reason to skip or stop. */
type ForecastAt = (end: number, h: number, seed: number) => { run: MethodRun; train: Float64Array } | 'skip' | 'stop';

/** Rolling-origin accuracy of a method re-estimated at every origin; throws when the history is too short. */
export function backtest(values: ArrayLike<number>, options: BacktestOptions = {}): BacktestSummary {
  const s = settings(options);
  const summary = scoreOrigins(values, s, (end, h, seed) => {
    const prepared = prepareSeries(Array.prototype.slice.call(values, 0, end + 1) as number[]);
    if (prepared.y.length < s.minTrain) return 'stop';
    const run = runMethod(chooseMethod(s.method, prepared), prepared, h, s.period, s.paths, seed);
    return { run, train: prepared.y };
  });
  if (summary === null)
    throw new ForecastInputError('values', `a backtest needs at least ${s.minTrain + 1} months of history`);
  return summary;
}

/**
 * Rolling-origin accuracy of a fit, its filter re-run up to each origin (see the module comment); origins
 * sit on months with an actual figure. Never throws for want of history: it says why there is no backtest.
 */
export function backtestFit(values: ArrayLike<number>, fit: WholeFit, options: BacktestOptions = {}): BacktestOutcome {
  const s = settings(options);
  const { choice, model, series } = fit;
  const span = series.y.length;
  if (span - 1 < s.minTrain)
    return {
      summary: null,
      reason: `a backtest needs ${s.minTrain + 1} months from the first figure to the last; this series spans ${span}`,
    };
  const summary = scoreOrigins(values, s, (end, h, seed) => {
    const length = end - series.offset + 1;
    if (length < s.minTrain) return 'stop';
    if (Number.isNaN(values[end] as number)) return 'skip';
    const train = series.y.subarray(0, length);
    const atOrigin = model.refilter ? model.refilter(train) : choice.spec.fit(train, s.period);
    return { run: runFitted(choice, atOrigin, series, h, s.paths, seed), train };
  });
  if (summary !== null) return { summary, reason: null };
  return {
    summary: null,
    reason: `none of the ${s.origins} backtest origins (every ${s.step} months before the last figure, with ${s.minTrain} months before them) has an actual figure and one after it to score`,
  };
}

function scoreOrigins(values: ArrayLike<number>, s: Settings, forecastAt: ForecastAt): BacktestSummary | null {
  let lastIndex = values.length - 1;
  while (lastIndex >= 0 && Number.isNaN(values[lastIndex] as number)) lastIndex--;
  const cells: Cell[] = Array.from({ length: s.horizon }, () => ({ smape: 0, ase: 0, in80: 0, in95: 0, n: 0 }));
  let origins = 0;
  for (let k = 0; k < s.origins; k++) {
    const end = lastIndex - 1 - k * s.step;
    const h = Math.min(s.horizon, lastIndex - end);
    const at = forecastAt(end, h, s.seed + k);
    if (at === 'stop') break;
    if (at === 'skip') continue;
    const scale = maseScale(at.train, s.period);
    let scored = 0;
    for (let i = 0; i < h; i++) {
      const y = values[end + 1 + i] as number;
      const iv = at.run.intervals[i];
      if (Number.isNaN(y) || iv === undefined) continue;
      const cell = cells[i] as Cell;
      cell.smape += smapeTerm(y, iv.point);
      cell.ase += Number.isFinite(scale) ? Math.abs(y - iv.point) / scale : NaN;
      cell.in80 += coverage([y], [iv.lo80], [iv.hi80]);
      cell.in95 += coverage([y], [iv.lo95], [iv.hi95]);
      cell.n++;
      scored++;
    }
    if (scored > 0) origins++;
  }
  return origins === 0 ? null : summarise(s.method, origins, cells);
}

function summarise(method: string, origins: number, cells: readonly Cell[]): BacktestSummary {
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
