/**
 * Runs the forecasting engine in worker threads, one fit per worker, as many workers as the machine
 * has cores. A fit takes tens to hundreds of milliseconds of CPU; on the main thread every fit
 * would hold up live events and HTTP answers for that long (the live bench's p99 target is 50 ms),
 * so fits queue here and the event loop stays free. The workers run at a lower OS priority
 * (`fit-worker.ts`), so a re-fit on every core still leaves the event loop and InfluxDB first in line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ForecastRequest, ForecastResult } from '../../forecasting/types.js';

interface Pending {
  readonly request: ForecastRequest;
  resolve(result: ForecastResult): void;
  reject(error: Error): void;
}

/** A worker and the one fit it holds, if any. */
interface Lane {
  readonly worker: Worker;
  holding: Pending | null;
}

/** An error from the engine, with its stable code, rethrown on this side. */
export class FitError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The nice value of a fit thread (`fit-worker.ts`): below everything else the service runs (0). */
export const FIT_NICE = 10;

export interface FitPoolOptions {
  /** Worker threads, each fitting one series at a time; default the machine's cores (`os.availableParallelism()`). */
  readonly size?: number;
}

export class FitPool {
  /** Fits that can run at once. */
  readonly size: number;
  private readonly lanes: Lane[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(options: FitPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? os.availableParallelism()));
  }

  /** Fits one series in the next free worker; rejects with a FitError carrying the engine's code. */
  forecast(request: ForecastRequest): Promise<ForecastResult> {
    if (this.closed) return Promise.reject(new Error('the fit pool was closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  /** Workers started so far: they start as fits first need them, up to {@link size}. */
  get workers(): number {
    return this.lanes.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const lanes = this.lanes.splice(0);
    const error = new Error('the fit pool was closed');
    for (const waiting of this.queue.splice(0)) waiting.reject(error);
    for (const lane of lanes) lane.holding?.reject(error);
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
  }

  /** Hands queued fits to idle workers, starting workers up to the pool's size. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const lane = this.lanes.find((l) => l.holding === null) ?? (this.lanes.length < this.size ? this.start() : null);
      if (!lane) return;
      const pending = this.queue.shift()!;
      lane.holding = pending;
      lane.worker.ref();
      const { request } = pending;
      lane.worker.postMessage({ request: { ...request, values: Array.from(request.values) } });
    }
  }

  private start(): Lane {
    const workerData = { nice: FIT_NICE };
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(tsxBootstrap(new URL('./fit-worker.ts', import.meta.url)), { eval: true, workerData })
      : new Worker(new URL('./fit-worker.js', import.meta.url), { workerData });
    const lane: Lane = { worker, holding: null };
    worker.on('message', (message: { result?: ForecastResult; error?: { code: string; message: string } }) => {
      const waiting = lane.holding;
      lane.holding = null;
      worker.unref();
      if (waiting) {
        if (message.error) waiting.reject(new FitError(message.error.code, message.error.message));
        else waiting.resolve(message.result!);
      }
      this.dispatch();
    });
    worker.on('error', (error) => {
      // A crashed worker fails the fit it held; its place goes to a fresh worker when one is needed.
      const index = this.lanes.indexOf(lane);
      if (index >= 0) this.lanes.splice(index, 1);
      lane.holding?.reject(error);
      lane.holding = null;
      if (!this.closed) this.dispatch();
    });
    worker.unref();
    this.lanes.push(lane);
    return lane;
  }
}

/**
 * Run from sources (tests, tsx), the worker must register tsx itself: loader hooks are not
 * inherited by worker threads. The ESM entry of `tsx/esm/api` is read from tsx's own exports.
 */
function tsxBootstrap(entry: URL): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exportsMap = (
    JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }
  ).exports;
  const api = pathToFileURL(path.join(path.dirname(manifest), exportsMap['./esm/api']!.import.default)).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}
