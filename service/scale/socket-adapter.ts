/**
 * The live channel across instances: socket.io's Redis Streams adapter carries every room emit to
 * the clients of every instance. Streams rather than Pub/Sub: a reader resumes from its last entry
 * after a Redis blip instead of losing what was published meanwhile, and sessions for connection
 * state recovery are kept in Redis, so a dropped client recovers on whichever instance the load
 * balancer sends it to. The change log (the fallback when recovery fails) is shared the same way.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { AlertTransition, RunRecord, RunTrigger } from '../contract/index.js';
import type { ChangeLog } from '../live/change-log.js';
import type { LiveServer, Publisher } from '../live/publisher.js';
import type { Clock } from '../clock.js';
import type { RedisKeys } from './redis.js';

/** Entries the stream keeps (approximately): the recovery window at 100 events a second and more. */
const STREAM_MAX_LEN = 50_000;

/** The adapter factory for socket.io's `adapter` option. */
export function redisStreamsAdapter(redis: Redis, keys: RedisKeys): ReturnType<typeof createAdapter> {
  return createAdapter(redis, {
    streamName: keys.socketStream,
    channelPrefix: keys.socketChannel,
    sessionKeyPrefix: keys.socketSessions,
    maxLen: STREAM_MAX_LEN,
    // Events are JSON: no binary scan of every packet.
    onlyPlaintext: true,
  });
}

/** Stops the adapter's stream readers (socket.io's io.close() would also close the HTTP server). */
export function closeAdapters(io: LiveServer): void {
  // Only the main namespace is used; closing its adapter stops the shared stream readers.
  void io.of('/').adapter.close();
}

const CHANGE_EVENT = 'pulsecast:change';

interface ChangeMessage {
  readonly at: number;
  readonly kind: 'actuals' | 'forecast' | 'job';
  readonly series: string | null;
}

/**
 * A publisher that also tells the other instances what changed, so their change logs answer a
 * client that reconnects there after its session was lost, and their overviews read it again. The room emits themselves already reach
 * every instance's clients through the adapter.
 */
export function clusterPublisher(
  io: LiveServer,
  local: Publisher,
  changes: ChangeLog,
  clock: Clock,
  /** Told of every other instance's change (the overview index, which reads that series again). */
  onRemote: (kind: ChangeMessage['kind'], series: string | null) => void = () => {},
): Publisher {
  io.on(CHANGE_EVENT, (message: ChangeMessage) => {
    if (typeof message?.at !== 'number') return;
    changes.record(message.at, message.kind, message.series);
    onRemote(message.kind, typeof message.series === 'string' ? message.series : null);
  });
  const tell = (kind: ChangeMessage['kind'], series: string | null) =>
    io.serverSideEmit(CHANGE_EVENT, { at: clock.now(), kind, series } satisfies ChangeMessage);
  return {
    actuals(change: { series: string; months: readonly string[]; batch: string }) {
      local.actuals(change);
      tell('actuals', change.series);
    },
    forecast(change: { series: string; run: string; model: string; lastActual: string }) {
      local.forecast(change);
      tell('forecast', change.series);
    },
    jobProgress(progress: { job: string; run: string; trigger: RunTrigger; done: number; total: number }) {
      local.jobProgress(progress);
    },
    jobResult(record: RunRecord) {
      local.jobResult(record);
      tell('job', null);
    },
    alert(transition: AlertTransition) {
      local.alert(transition);
    },
  };
}
