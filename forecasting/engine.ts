/**
 * `forecast(request)`: validate, prepare the series, choose and run the method, then derive monthly
 * intervals, YoY growth, year totals, the YoY baseline beside it and the backtest.
 */
import { MAX_YEAR, MIN_YEAR, monthIndex, parseMonthKey } from '../common/month.js';
import { backtestFit } from './backtest.js';
import { calibrationFor } from './calibration.js';
import { ForecastInputError, InsufficientHistoryError } from './errors.js';
import { prepareSeries, type KnownSum } from './gaps.js';
import { forecastPoints, yearTotals, type MonthBook } from './growth.js';
import { runMethod, type MethodRun } from './run.js';
import { chooseMethod, yoyBaseline } from './select.js';
import type { ForecastRequest, ForecastResult } from './types.js';

const PERIOD = 12;
/** Fewer figures than this give no basis for any interval. */
export const MIN_FIGURES = 3;

/**
 * What a series with `figures` monthly figures lacks before any method can forecast it, in words a planner
 * can read; null when it has enough. The engine refuses such a series with this message, and the service
 * shows it where the forecast would be.
 */
export function whatIsMissing(figures: number): string | null {
  if (figures >= MIN_FIGURES) return null;
  const more = MIN_FIGURES - figures;
  return `needs ${more} more monthly figure${more === 1 ? '' : 's'}: any forecast needs ${MIN_FIGURES} to estimate its uncertainty, and the series has ${figures}`;
}

interface Checked {
  readonly values: ArrayLike<number>;
  readonly startIndex: number;
  readonly horizon: number;
  readonly method: string;
  readonly seed: number;
  readonly paths: number;
  readonly targets: Readonly<Record<number, number>>;
  readonly totals: readonly KnownSum[];
}

function integerIn(value: unknown, field: string, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new ForecastInputError(field, `must be an integer from ${lo} to ${hi}, got ${String(value)}`);
  }
  return value;
}

/** The month index of a request's month, by the same strict rule as ingest; a ForecastInputError naming `field`. */
function monthIndexOf(value: unknown, field: string): number {
  const key = typeof value === 'string' ? parseMonthKey(value) : null;
  if (key === null) {
    throw new ForecastInputError(
      field,
      `expected a month as YYYY-MM from ${MIN_YEAR} to ${MAX_YEAR}, got ${JSON.stringify(value)}`,
    );
  }
  return monthIndex(key);
}

/** Known totals as spans of positions in `values`; a ForecastInputError naming `totals[i]` or its field. */
function checkTotals(raw: unknown, startIndex: number, length: number): KnownSum[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ForecastInputError('totals', 'must be an array of {from, to, total}');
  const spans = raw.map((item: unknown, i): KnownSum => {
    const field = `totals[${i}]`;
    if (typeof item !== 'object' || item === null) throw new ForecastInputError(field, 'must be {from, to, total}');
    const t = item as Record<string, unknown>;
    const from = monthIndexOf(t.from, `${field}.from`) - startIndex;
    const to = monthIndexOf(t.to, `${field}.to`) - startIndex;
    if (to < from) throw new ForecastInputError(`${field}.to`, `must not be before from (${String(t.from)})`);
    if (typeof t.total !== 'number' || !Number.isFinite(t.total))
      throw new ForecastInputError(`${field}.total`, `must be a finite number, got ${String(t.total)}`);
    if (from < 0 || to >= length)
      throw new ForecastInputError(field, `spans ${String(t.from)} to ${String(t.to)}, outside the months of values`);
    return { from, to, total: t.total, field };
  });
  const byStart = [...spans].sort((a, b) => a.from - b.from);
  for (let k = 1; k < byStart.length; k++) {
    const a = byStart[k - 1] as KnownSum;
    const b = byStart[k] as KnownSum;
    if (b.from <= a.to) throw new ForecastInputError(b.field, `overlaps ${a.field}`);
  }
  return spans;
}

function check(request: ForecastRequest): Checked {
  const values = request.values as ArrayLike<number> | undefined;
  if (values === undefined || values === null || typeof values.length !== 'number' || values.length === 0) {
    throw new ForecastInputError('values', 'must be a non-empty array of monthly values');
  }
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number')
      throw new ForecastInputError(`values[${i}]`, `must be a number (NaN for a gap), got ${typeof values[i]}`);
  }
  const targets = request.targets ?? {};
  for (const [year, target] of Object.entries(targets)) {
    if (!Number.isInteger(Number(year)))
      throw new ForecastInputError('targets', `keys must be calendar years, got ${year}`);
    if (typeof target !== 'number' || !Number.isFinite(target))
      throw new ForecastInputError(`targets.${year}`, 'must be a finite number');
  }
  const method = request.method ?? 'auto';
  if (typeof method !== 'string') throw new ForecastInputError('method', 'must be a string');
  const startIndex = monthIndexOf(request.start, 'start');
  return {
    values,
    startIndex,
    totals: checkTotals(request.totals, startIndex, values.length),
    horizon: integerIn(request.horizon ?? 12, 'horizon', 1, 36),
    method,
    seed: integerIn(request.seed ?? 1, 'seed', 0, 2 ** 32 - 1),
    paths: integerIn(request.paths ?? 2000, 'paths', 100, 100_000),
    targets,
  };
}

function book(req: Checked, spanStart: number, span: Float64Array, run: MethodRun): MonthBook {
  return {
    startIndex: req.startIndex,
    values: req.values,
    spanStart,
    span,
    firstForecast: spanStart + span.length,
    point: run.point,
    paths: run.paths,
  };
}

/**
 * Forecasts a monthly series. Throws ForecastInputError (code FORECAST_INPUT_INVALID) naming the field
 * when the request cannot be answered.
 */
export function forecast(request: ForecastRequest): ForecastResult {
  const req = check(request);
  const series = prepareSeries(req.values, { totals: req.totals, phase: req.startIndex % PERIOD });
  const missing = whatIsMissing(series.nObserved);
  if (missing !== null) throw new InsufficientHistoryError(missing, MIN_FIGURES - series.nObserved);
  const choice = chooseMethod(req.method, series);
  const run = runMethod(choice, series, req.horizon, PERIOD, req.paths, req.seed);
  const spanStart = req.startIndex + series.offset;
  const main = book(req, spanStart, series.y, run);
  const baseline = yoyBaseline(series);
  const baselineRun = runMethod(
    { spec: baseline, reason: '', calibration: calibrationFor(baseline.name, series.nObserved) },
    series,
    req.horizon,
    PERIOD,
    req.paths,
    req.seed,
  );
  const checked =
    request.backtest === false
      ? null
      : backtestFit(
          req.values,
          { choice, model: run.model, series },
          {
            method: req.method,
            horizon: req.horizon,
            seed: req.seed,
            period: PERIOD,
          },
        );
  return {
    method: req.method,
    model: run.model.name,
    reason: choice.reason,
    calibration: choice.calibration.label,
    points: forecastPoints(main, run.intervals),
    years: yearTotals(main, req.targets),
    baseline: {
      method: baseline.name,
      points: forecastPoints(book(req, spanStart, series.y, baselineRun), baselineRun.intervals),
    },
    backtest: checked?.summary ?? null,
    noBacktest: checked === null ? 'no backtest was asked for' : checked.reason,
  };
}
