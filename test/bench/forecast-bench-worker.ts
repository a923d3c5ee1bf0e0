/**
 * Benchmark worker: holds the training series and runs one method on the series it is handed, exactly as
 * forecast() does (gap preparation, method choice, fit, sample paths, intervals). With `keptFrom` k, the
 * model forms are chosen on the training series without its last k months and kept on the whole of it, as an
 * incremental re-fit keeps the forms of the last full selection (forecasting/kept-forms.ts).
 */
import { parentPort } from 'node:worker_threads';
import { ForecastInputError } from '../../forecasting/errors.js';
import { ownSeasonalShape, prepareSeries, type KnownSum, type PreparedSeries } from '../../forecasting/gaps.js';
import { runSelecting } from '../../forecasting/kept-forms.js';
import { runMethod, type MethodRun } from '../../forecasting/run.js';
import type { Selection } from '../../forecasting/types.js';
import { FALLBACK } from './forecast-bench-sparse.js';
import { chooseMethod } from '../../forecasting/select.js';

export interface WorkerSeries {
  readonly train: Float64Array;
  readonly horizon: number;
  /** Known totals and the calendar month of train[0] (the sparse regime). */
  readonly totals?: KnownSum[];
  readonly phase?: number;
  /** A related series whose seasonal shape the series may borrow (`--related`), and its calendar month. */
  readonly related?: { readonly name: string; readonly values: Float64Array; readonly phase: number };
}

export type WorkerRequest =
  | { readonly type: 'init'; readonly series: WorkerSeries[] }
  | {
      readonly type: 'run';
      readonly method: string;
      readonly indices: number[];
      readonly paths: number;
      /** Choose the forms without the last `keptFrom` training months, then keep them (see the module comment). */
      readonly keptFrom?: number;
    };

export interface SeriesResult {
  readonly index: number;
  readonly model: string;
  /** With `keptFrom`: whether the earlier forms were kept (false: they no longer fit, or the method changed). */
  readonly kept?: boolean;
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
  const run = (m: string) => runMethod(chooseMethod(m, prepared), prepared, horizon, 12, paths, seed);
  try {
    return { run: run(method), fallback: false };
  } catch (error) {
    if (!(error instanceof ForecastInputError) || method === 'auto') throw error;
    return { run: run('auto'), fallback: true };
  }
}

/** The series' first `end` training months prepared as forecast() prepares a request, with its related series' shape. */
function prepare(s: WorkerSeries, end = s.train.length): PreparedSeries {
  const totals = s.totals?.filter((t) => t.to < end);
  const relatedShape = s.related && ownSeasonalShape(s.related.values, { phase: s.related.phase });
  return prepareSeries(s.train.subarray(0, end), {
    ...(totals ? { totals } : {}),
    phase: s.phase ?? 0,
    ...(relatedShape && { related: { shape: relatedShape, name: s.related!.name } }),
  });
}

/** The text of the selection's months: the bench's series have positions, not calendar months. */
const NO_MONTH = 'n/a';

/** The forms `method` chooses on the series without its last `k` months. */
function selectionWithout(s: WorkerSeries, method: string, k: number): Selection | undefined {
  const shorter = prepare(s, s.train.length - k);
  const spec = chooseMethod(method, shorter).spec;
  try {
    const forms = spec.fit(shorter.y, 12).forms;
    return forms && { through: NO_MONTH, method: spec.name, forms };
  } catch (error) {
    // Too short a series for the method k months earlier: nothing chosen yet, so nothing to keep.
    if (error instanceof ForecastInputError) return undefined;
    throw error;
  }
}

/** The method run with the forms chosen `k` months earlier, as the engine runs a request's selection. */
function runKept(
  s: WorkerSeries,
  method: string,
  k: number,
  prepared: PreparedSeries,
  paths: number,
  seed: number,
): { run: MethodRun; kept: boolean } {
  const selection = selectionWithout(s, method, k);
  return runSelecting(chooseMethod(method, prepared), selection, NO_MONTH, (choice) =>
    runMethod(choice, prepared, s.horizon, 12, paths, seed),
  );
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
      const prepared = prepare(s);
      if (request.keptFrom !== undefined) {
        const { run, kept } = runKept(s, request.method, request.keptFrom, prepared, request.paths, index + 1);
        return { ...intervalsOf(index, run, run.model.name), kept };
      }
      const { run, fallback } = runOrFallBack(request.method, prepared, s.horizon, request.paths, index + 1);
      return intervalsOf(index, run, fallback ? `${FALLBACK}${run.model.name}` : run.model.name);
    });
    port.postMessage({ type: 'done', results } satisfies WorkerReply);
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
    } satisfies WorkerReply);
  }
});

function intervalsOf(index: number, run: MethodRun, model: string): SeriesResult {
  return {
    index,
    model,
    point: run.point,
    lo80: Float64Array.from(run.intervals, (v) => v.lo80),
    hi80: Float64Array.from(run.intervals, (v) => v.hi80),
    lo95: Float64Array.from(run.intervals, (v) => v.lo95),
    hi95: Float64Array.from(run.intervals, (v) => v.hi95),
  };
}
