/**
 * The worker thread's side of the forecast pool: fits run here, off the event loop that delivers
 * live events and answers requests. Each message is one forecast request; the answer carries the
 * result, or the error's stable code and message.
 */
import { parentPort } from 'node:worker_threads';
import { forecast } from '../../forecasting/index.js';
import type { ForecastRequest } from '../../forecasting/types.js';

parentPort!.on('message', (message: { id: number; request: ForecastRequest }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: forecast(message.request) });
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    parentPort!.postMessage({ id: message.id, error: { code: typeof e.code === 'string' ? e.code : 'FORECAST_FAILED', message: String(e.message ?? error) } });
  }
});
