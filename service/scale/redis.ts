/**
 * The Redis connection that several instances share, and the names of the keys they use. Every key
 * starts with the configured prefix, so deployments (and test runs) on one Redis never meet.
 */
import os from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Several instances on one Redis: the connection and what every shared piece names itself by. */
export interface Cluster {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  /** This process's name in the queues (`processedBy`). */
  readonly instance: string;
  readonly logger: Logger;
  /** Whether Redis answers within a second (readiness: without it, slots and the live channel stall). */
  answers(): Promise<boolean>;
}

/** Connects to the deployment's Redis; fails naming REDIS_URL when it does not answer. */
export async function joinCluster(url: string, prefix: string, parent: Logger): Promise<Cluster> {
  const logger = parent.child({ component: 'scale' });
  const redis = await connectRedis(url, logger);
  const keys = redisKeys(prefix);
  const instance = instanceName();
  logger.info({ prefix: keys.prefix, instance }, 'sharing the live channel, job slots and fits through Redis');
  return { redis, keys, instance, logger, answers: () => redisAnswers(redis) };
}

/** Key names under one prefix: one place, so tests and tools find what the service writes. */
export interface RedisKeys {
  readonly prefix: string;
  /** BullMQ's own prefix; its queues are `<bull>:<queue>:*`. */
  readonly bull: string;
  /** The socket.io adapter's stream and Pub/Sub channel. */
  readonly socketStream: string;
  readonly socketChannel: string;
  /** socket.io sessions kept for connection state recovery. */
  readonly socketSessions: string;
  /** Alert notification claims: `<alertClaims><channel>:<key>`, one instance delivers each. */
  readonly alertClaims: string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    prefix,
    bull: `${prefix}:bull`,
    socketStream: `${prefix}:sio`,
    socketChannel: `${prefix}:sio`,
    socketSessions: `${prefix}:sio:session:`,
    alertClaims: `${prefix}:alert:claim:`,
  };
}

/** A name for this process in queue records (`processedBy`): host and pid. */
export function instanceName(): string {
  return `${os.hostname()}/${process.pid}`;
}

/**
 * Connects to Redis and resolves once it answers. Commands wait through a short outage instead
 * of failing (`maxRetriesPerRequest: null`, which BullMQ's blocking reads require as well).
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  let lastError = '';
  redis.on('error', (error: Error) => {
    // ioredis retries by itself; one line per kind of failure rather than one per retry.
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn({ err: error }, 'redis connection problem; retrying');
  });
  redis.on('ready', () => {
    lastError = '';
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw Object.assign(
      new Error(`cannot reach Redis at REDIS_URL: ${error instanceof Error ? error.message : String(error)}`),
      { code: 'REDIS_UNREACHABLE', cause: error },
    );
  }
  return redis;
}

/** Deletes every key under `prefix` (tests, tear-down of a deployment); returns how many. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

async function redisAnswers(redis: Redis): Promise<boolean> {
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
}
