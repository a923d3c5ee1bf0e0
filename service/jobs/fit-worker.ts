/**
 * A worker thread of the fit pool: fits run here, off the event loop that delivers live events and
 * answers requests. The pool hands it one forecast request at a time; the answer carries the
 * result, or the error's stable code and message.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { forecast } from '../../forecasting/index.js';
import type { ForecastRequest } from '../../forecasting/types.js';

/**
 * Fits can wait; live events and ingest answers cannot. On Linux a thread has its own nice value and
 * `setpriority` on "process" 0 changes the calling thread's alone, so this thread lowers its own and
 * yields the CPU to the event loop and to InfluxDB when the cores are busy. Elsewhere the same call
 * would lower the whole process, so fits run at normal priority there.
 */
function lowerPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(0, (workerData as { nice: number }).nice);
  } catch {
    // Not allowed (a sandbox): fits run at normal priority.
  }
}

lowerPriority();

parentPort!.on('message', (message: { request: ForecastRequest }) => {
  try {
    parentPort!.postMessage({ result: forecast(message.request) });
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    parentPort!.postMessage({
      error: { code: typeof e.code === 'string' ? e.code : 'FORECAST_FAILED', message: String(e.message ?? error) },
    });
  }
});
