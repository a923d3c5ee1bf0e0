/**
 * Several instances on one Redis, assembled for the lifecycle when REDIS_URL is set: the live
 * channel's adapter, the BullMQ scheduler for once-per-slot jobs and reports, and the fit queue that
 * spreads re-fits. Without REDIS_URL the lifecycle never calls this and nothing here is loaded.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { ForecastRequest, ForecastResult } from '../../forecasting/types.js';
import type { LiveChannel } from '../live/live-channel.js';
import type { Publisher } from '../live/publisher.js';
import type { Logger } from '../logger.js';
import { BullmqScheduler } from './bullmq-scheduler.js';
import { RefitQueue } from './refit-queue.js';
import { connectRedis, instanceName, redisKeys, type RedisKeys } from './redis.js';
import { closeAdapters, clusterPublisher, redisStreamsAdapter } from './socket-adapter.js';

export interface ScalePart {
  readonly keys: RedisKeys;
  /** This process's name in the queues (`processedBy`). */
  readonly instance: string;
  readonly scheduler: BullmqScheduler;
  /** For the live channel's `adapter` option. */
  readonly adapter: ReturnType<typeof redisStreamsAdapter>;
  /** The publisher to use instead of the live channel's own: it also shares the change log. */
  publisher(live: LiveChannel, clock: Clock): Publisher;
  /** Fits through the shared queue; `fit` is this instance's own fit thread. */
  spreadFits(fit: (request: ForecastRequest) => Promise<ForecastResult>): RefitQueue;
  /** Whether Redis answers within a second (readiness: without it, slots and the live channel stall). */
  ping(): Promise<boolean>;
  /** After the jobs, reports and live channel have stopped: lets go of the queues and Redis. */
  close(): Promise<void>;
}

export async function startScale(config: Config, logger: Logger): Promise<ScalePart> {
  const log = logger.child({ component: 'scale' });
  const redis = await connectRedis(config.redisUrl!, log);
  const keys = redisKeys(config.redisPrefix);
  const instance = instanceName();
  const scheduler = new BullmqScheduler({ redis, keys, instance, lockMs: config.jobLockMs, logger: log });
  let live: LiveChannel | null = null;
  log.info({ prefix: keys.prefix, instance }, 'sharing the live channel, job slots and fits through Redis');
  return {
    keys,
    instance,
    scheduler,
    adapter: redisStreamsAdapter(redis, keys),
    publisher(channel, clock) {
      live = channel;
      return clusterPublisher(channel.io, channel.publisher, channel.changes, clock);
    },
    ping: async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1000)));
      try {
        return await Promise.race([
          redis.ping().then(
            (r) => r === 'PONG',
            () => false,
          ),
          late,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    spreadFits: (fit) => new RefitQueue({ redis, keys, instance, fit, lockMs: config.jobLockMs, logger: log }),
    async close() {
      await scheduler.close();
      if (live) closeAdapters(live.io);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
