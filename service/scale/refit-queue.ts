/**
 * Series fits spread over the instances: a re-fit running on one instance puts each series' fit on
 * a shared BullMQ queue, every instance's worker takes fits from it into its own fit thread, and the
 * answer comes back to the instance that asked. Workers take the next fit when they are free, so a
 * faster or idler instance takes more, and adding an instance shortens a full re-fit. Reading the
 * series and storing the forecasts stay with the run's instance; only the CPU work travels.
 */
import { Queue, QueueEvents, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ForecastRequest, ForecastResult } from '../../forecasting/types.js';
import { FitError } from '../jobs/fit-pool.js';
import type { Logger } from '../logger.js';
import type { RedisKeys } from './redis.js';

/** The queue every instance takes series fits from. */
export const FIT_QUEUE = 'fits';

export interface RefitQueueDeps {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  /** Shown as `processedBy` on the fits this instance made. */
  readonly instance: string;
  /** Fits on this instance (its fit pool). */
  readonly fit: (request: ForecastRequest) => Promise<ForecastResult>;
  /** Fits this instance takes from the queue at once: its fit pool's size; default 1. */
  readonly fitsAtOnce?: number;
  /** Lock lifetime without renewal, ms: a fit of a dead instance goes to another after this. */
  readonly lockMs: number;
  readonly logger: Logger;
}

/** What a fit job returns: the result, or the engine's error with its stable code. */
type FitAnswer = { readonly result: string } | { readonly error: { readonly code: string; readonly message: string } };

/**
 * Finished fits kept in Redis (each holds its series and result, a few kB) for an hour: enough to
 * see who fitted what in a full re-fit of M3's 1,428 series, little enough to stay small.
 */
const KEEP_FITS = 2000;

export class RefitQueue {
  private readonly queue: Queue<{ request: string }, FitAnswer>;
  private readonly events: QueueEvents;
  private readonly worker: Worker<{ request: string }, FitAnswer>;
  /** QueueEvents reads with a blocking call, so it gets a connection of its own. */
  private readonly eventsConnection: Redis;
  private readonly listening: Promise<unknown>;

  constructor(deps: RefitQueueDeps) {
    const { redis, keys, instance, lockMs } = deps;
    const log = deps.logger.child({ component: 'fits' });
    this.queue = new Queue(FIT_QUEUE, {
      connection: redis,
      prefix: keys.bull,
      defaultJobOptions: {
        removeOnComplete: { age: 3600, count: KEEP_FITS },
        removeOnFail: { age: 3600, count: KEEP_FITS },
      },
    });
    // Every fit awaiting its answer listens for the queue closing: as many listeners as fits in flight.
    this.queue.setMaxListeners(0);
    this.eventsConnection = redis.duplicate();
    this.events = new QueueEvents(FIT_QUEUE, { connection: this.eventsConnection, prefix: keys.bull });
    this.events.on('error', (error) => log.warn({ err: error }, 'fit events error'));
    // A fit that finished before QueueEvents listened would never be heard of.
    this.listening = this.events.waitUntilReady();
    this.worker = new Worker(
      FIT_QUEUE,
      async (job) => {
        try {
          return { result: encode(await deps.fit(decode<ForecastRequest>(job.data.request))) };
        } catch (error) {
          const e = error as { code?: unknown; message?: unknown };
          return {
            error: {
              code: typeof e.code === 'string' ? e.code : 'FORECAST_FAILED',
              message: String(e.message ?? error),
            },
          };
        }
      },
      // As many fits as the instance has fit threads: a busy instance leaves the rest to the others.
      {
        connection: redis,
        prefix: keys.bull,
        name: instance,
        concurrency: deps.fitsAtOnce ?? 1,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        maxStalledCount: 2,
      },
    );
    this.worker.on('error', (error) => log.warn({ err: error }, 'fit worker error'));
  }

  /** Fits on whichever instance is free; rejects with a FitError carrying the engine's code. */
  async forecast(request: ForecastRequest): Promise<ForecastResult> {
    await this.listening;
    const job = await this.queue.add('fit', { request: encode({ ...request, values: Array.from(request.values) }) });
    const answer = (await job.waitUntilFinished(this.events)) as FitAnswer;
    if ('error' in answer) throw new FitError(answer.error.code, answer.error.message);
    return decode<ForecastResult>(answer.result);
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.events.close();
    this.eventsConnection.disconnect();
    await this.queue.close();
  }
}

/** JSON that keeps NaN and the infinities (gaps in the values, undefined ratios in a result). */
export function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v));
}

export function decode<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'string' && v.startsWith('\u0000') ? Number(v.slice(1)) : v,
  ) as T;
}
