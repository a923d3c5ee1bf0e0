/**
 * Alert notification claims shared by the instances: `SET NX PX` on one Redis key per channel and
 * notification key, so each notification is delivered by one instance between them.
 */
import type { Redis } from 'ioredis';
import type { Claims } from '../alerts/claims.js';
import type { RedisKeys } from './redis.js';

export class RedisClaims implements Claims {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly instance: string,
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.name(key), this.instance, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async renew(key: string, ttlMs: number): Promise<void> {
    await this.redis.pexpire(this.name(key), ttlMs);
  }

  async settle(key: string, keepMs: number): Promise<void> {
    await this.redis.set(this.name(key), 'done', 'PX', keepMs);
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.name(key));
  }

  private name(key: string): string {
    return `${this.keys.alertClaims}${key}`;
  }
}
