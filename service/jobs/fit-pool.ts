/**
 * Runs the forecasting engine in a worker thread. A fit takes tens to hundreds of milliseconds of
 * CPU; on the main thread every fit would hold up live events and HTTP answers for that long (the
 * live bench's p99 target is 50 ms), so fits queue here and the event loop stays free.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ForecastRequest, ForecastResult } from '../../forecasting/types.js';

interface Pending {
  resolve(result: ForecastResult): void;
  reject(error: Error): void;
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

export class FitPool {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** Fits one series in the worker; rejects with a FitError carrying the engine's code. */
  forecast(request: ForecastRequest): Promise<ForecastResult> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, request: { ...request, values: Array.from(request.values) } });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new Error('the fit pool was closed'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(tsxBootstrap(new URL('./fit-worker.ts', import.meta.url)), { eval: true })
      : new Worker(new URL('./fit-worker.js', import.meta.url));
    worker.on(
      'message',
      (message: { id: number; result?: ForecastResult; error?: { code: string; message: string } }) => {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if (this.pending.size === 0) worker.unref();
        if (message.error) waiting.reject(new FitError(message.error.code, message.error.message));
        else waiting.resolve(message.result!);
      },
    );
    worker.on('error', (error) => {
      // A crashed worker fails what it held; the next request starts a fresh one.
      if (this.worker === worker) this.worker = null;
      this.failAll(error);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
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
