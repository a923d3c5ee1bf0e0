/**
 * The machine's Redis (127.0.0.1:6379, or TEST_REDIS_URL) for tests of several instances: each
 * test gets a key prefix of its own, so runs never see each other's keys, and deletes its keys after.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createLogger } from '../../service/logger.js';
import { connectRedis, deleteKeys, redisKeys, type RedisKeys } from '../../service/scale/redis.js';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  readonly url: string;
  readonly redis: Redis;
  readonly keys: RedisKeys;
  /** Keys under this test's prefix right now. */
  keyCount(): Promise<number>;
  /** Deletes this test's keys and disconnects. */
  close(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const redis = await connectRedis(TEST_REDIS_URL, createLogger('silent'));
  const keys = redisKeys(`pulsecast-test-${randomBytes(6).toString('hex')}`);
  return {
    url: TEST_REDIS_URL,
    redis,
    keys,
    keyCount: async () => (await redis.keys(`${keys.prefix}:*`)).length,
    close: async () => {
      await deleteKeys(redis, keys.prefix);
      await redis.quit();
    },
  };
}
