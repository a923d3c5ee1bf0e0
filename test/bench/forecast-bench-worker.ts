/**
 * Benchmark worker: holds the training series and runs one method on the series it is handed, exactly as
 * forecast() does (gap preparation, method choice, fit, sample paths, intervals).
 */
import { parentPort } from 'node:worker_threads';
import { prepareSeries } from '../../forecasting/gaps.js';
import { runMethod } from '../../forecasting/run.js';
import { chooseMethod } from '../../forecasting/select.js';

export interface WorkerSeries {
  readonly train: Float64Array;
  readonly horizon: number;
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
      const prepared = prepareSeries(s.train);
      const run = runMethod(chooseMethod(request.method, prepared), prepared, s.horizon, 12, request.paths, index + 1);
      return {
        index,
        model: run.model.name,
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
