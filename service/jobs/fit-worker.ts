/**
 * The worker thread's side of the fit pool: fits run here, off the event loop that delivers
 * live events and answers requests. Each message is one forecast request; the answer carries the
 * result, or the error's stable code and message.
 */
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { forecast } from '../../forecasting/index.js';
import type { ForecastRequest } from '../../forecasting/types.js';

/**
 * Fits can wait; live events and ingest answers cannot. On Linux a thread has its own nice value,
 * so this thread lowers its own (by its thread id) and yields the CPU to the event loop and to
 * InfluxDB when the cores are busy. Elsewhere it simply runs at normal priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: fits run at normal priority.
  }
}

lowerPriority();

parentPort!.on('message', (message: { id: number; request: ForecastRequest }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: forecast(message.request) });
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    parentPort!.postMessage({
      id: message.id,
      error: { code: typeof e.code === 'string' ? e.code : 'FORECAST_FAILED', message: String(e.message ?? error) },
    });
  }
});
