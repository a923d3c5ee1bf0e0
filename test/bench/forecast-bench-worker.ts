/**
 * Benchmark worker: holds the training series and runs one method on the series it is handed, exactly as
 * forecast() does (gap preparation, method choice, fit, sample paths, intervals).
 */
import { parentPort } from 'node:worker_threads';
import { ForecastInputError } from '../../forecasting/errors.js';
import { prepareSeries, type KnownSum, type PreparedSeries } from '../../forecasting/gaps.js';
import { runMethod, type MethodRun } from '../../forecasting/run.js';
import { FALLBACK } from './forecast-bench-sparse.js';
import { chooseMethod } from '../../forecasting/select.js';

export interface WorkerSeries {
  readonly train: Float64Array;
  readonly horizon: number;
  /** Known totals and the calendar month of train[0] (the sparse regime). */
  readonly totals?: KnownSum[];
  readonly phase?: number;
}

export type WorkerRequest =
  | { readonly type: 'init'; readonly series: WorkerSeries[] }
  | { readonly type: 'run'; readonly method: string; readonly indices: number[]; readonly paths: number };

export interface SeriesResult {
  readonly index: number;
  readonly model: string;
  readonly point: Float64Array;
  readonly lo80: Float64Array;
  readonly hi80: Float64Array;
  readonly lo95: Float64Array;
  readonly hi95: Float64Array;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly results: SeriesResult[] }
  | { readonly type: 'error'; readonly message: string };

/**
 * Runs the method; a series the method cannot fit (a ForecastInputError, e.g. seasonal naive on eleven
 * months) gets what `auto` gives it instead, so every method is scored on every series.
 */
function runOrFallBack(
  method: string,
  prepared: PreparedSeries,
  horizon: number,
  paths: number,
  seed: number,
): { run: MethodRun; fallback: boolean } {
  try {
    return { run: runMethod(chooseMethod(method, prepared), prepared, horizon, 12, paths, seed), fallback: false };
  } catch (error) {
    if (!(error instanceof ForecastInputError) || method === 'auto') throw error;
    return { run: runMethod(chooseMethod('auto', prepared), prepared, horizon, 12, paths, seed), fallback: true };
  }
}

const port = parentPort;
if (port === null) throw new Error('forecast-bench-worker must run as a worker thread');
let series: WorkerSeries[] = [];

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'init') {
    series = request.series;
    port.postMessage({ type: 'ready' } satisfies WorkerReply);
    return;
  }
  try {
    const results = request.indices.map((index): SeriesResult => {
      const s = series[index] as WorkerSeries;
      const prepared = prepareSeries(s.train, { ...(s.totals ? { totals: s.totals } : {}), phase: s.phase ?? 0 });
      const { run, fallback } = runOrFallBack(request.method, prepared, s.horizon, request.paths, index + 1);
      return {
        index,
        model: fallback ? `${FALLBACK}${run.model.name}` : run.model.name,
        point: run.point,
        lo80: Float64Array.from(run.intervals, (v) => v.lo80),
        hi80: Float64Array.from(run.intervals, (v) => v.hi80),
        lo95: Float64Array.from(run.intervals, (v) => v.lo95),
        hi95: Float64Array.from(run.intervals, (v) => v.hi95),
      };
    });
    port.postMessage({ type: 'done', results } satisfies WorkerReply);
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
    } satisfies WorkerReply);
  }
});
