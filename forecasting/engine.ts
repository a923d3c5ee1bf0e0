/**
 * `forecast(request)`: validate, prepare the series, choose and run the method (with the model forms of an
 * earlier selection when the request gives one), then derive monthly intervals, YoY growth, year totals, the
 * YoY baseline beside it and the backtest.
 */
import { januaryIndex, monthFromIndex, yearOfIndex } from '../common/month.js';
import { backtestFit } from './backtest.js';
import { calibrationFor } from './calibration.js';
import { InsufficientHistoryError } from './errors.js';
import { drawImputation } from './fill-uncertainty.js';
import { ownSeasonalShape, prepareSeries, type PreparedSeries } from './gaps.js';
import { forecastPoints, yearTotals, type MonthBook } from './growth.js';
import { runSelecting } from './kept-forms.js';
import { normalSource, seededRandom } from './random.js';
import { check, type Checked } from './request.js';
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

function book(
  req: Checked,
  spanStart: number,
  span: Float64Array,
  run: MethodRun,
  fillDeviations?: readonly Float64Array[],
): MonthBook {
  return {
    startIndex: req.startIndex,
    values: req.values,
    spanStart,
    span,
    firstForecast: spanStart + span.length,
    point: run.point,
    paths: run.paths,
    ...(fillDeviations && { fillDeviations }),
    knownSpans: req.totals.map((t) => ({ from: req.startIndex + t.from, to: req.startIndex + t.to })),
  };
}

/**
 * One draw per path of what the series' filled months might have been, as deviations from their fills (the
 * imputations fill-uncertainty.ts refits on); undefined where no year total holds a filled month (none from
 * `from`, the span's position of the first forecast year's January): years before it have no total.
 */
function fillDeviations(series: PreparedSeries, from: number, paths: number, seed: number): Float64Array[] | undefined {
  if (series.filled === 0 || series.fillNoise === 0 || !series.observed.subarray(Math.max(0, from)).includes(0))
    return undefined;
  const normal = normalSource(seededRandom((seed ^ 0x5bd1e995) >>> 0));
  return Array.from({ length: paths }, () => {
    const draw = drawImputation(series, normal);
    for (let t = 0; t < draw.length; t++) draw[t] = (draw[t] as number) - (series.y[t] as number);
    return draw;
  });
}

/**
 * Whether a request's own figures cannot estimate a seasonal shape where a related series' could stand in:
 * what a caller asks before it reads a related series for the request. Throws as `forecast` does.
 */
export function wouldBorrowShape(request: Pick<ForecastRequest, 'values' | 'start' | 'totals'>): boolean {
  const req = check(request);
  return prepareSeries(req.values, { totals: req.totals, phase: req.startIndex % PERIOD }).wantsShape;
}

/**
 * Forecasts a monthly series. Throws ForecastInputError (code FORECAST_INPUT_INVALID) naming the field
 * when the request cannot be answered.
 */
export function forecast(request: ForecastRequest): ForecastResult {
  const req = check(request);
  const relatedShape =
    req.related &&
    ownSeasonalShape(req.related.values, { totals: req.related.totals, phase: req.related.startIndex % PERIOD });
  const series = prepareSeries(req.values, {
    totals: req.totals,
    phase: req.startIndex % PERIOD,
    ...(relatedShape && { related: { shape: relatedShape, name: req.related!.name } }),
  });
  const missing = whatIsMissing(series.nObserved);
  if (missing !== null) throw new InsufficientHistoryError(missing, MIN_FIGURES - series.nObserved);
  const lastMonth = monthFromIndex(req.startIndex + req.values.length - 1);
  const { choice, run, selection } = runSelecting(chooseMethod(req.method, series), req.selection, lastMonth, (c) =>
    runMethod(c, series, req.horizon, PERIOD, req.paths, req.seed),
  );
  const spanStart = req.startIndex + series.offset;
  const firstYear = januaryIndex(yearOfIndex(spanStart + series.y.length)) - spanStart;
  const main = book(req, spanStart, series.y, run, fillDeviations(series, firstYear, run.paths.length, req.seed));
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
    selection,
  };
}
