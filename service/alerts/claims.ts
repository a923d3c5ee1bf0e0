/**
 * Who delivers a notification: the first to claim its key. Within one process a map does it; with
 * several instances on Redis the claim is a Redis key (`service/scale/alert-claims.ts`). A claim
 * being worked on lives `ttlMs` unless renewed, so an instance that died mid-send lets another take
 * over on its next sweep; a settled one stays long enough for every instance to see it done.
 */
export interface Claims {
  /** True when this caller now holds `key` (nobody did, or the previous holder's claim lapsed). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Keeps a held claim alive for another `ttlMs`. */
  renew(key: string, ttlMs: number): Promise<void>;
  /** Marks `key` done: nobody claims it again for `keepMs`. */
  settle(key: string, keepMs: number): Promise<void>;
  /** Gives `key` up unfinished, for another attempt later. */
  release(key: string): Promise<void>;
}

/** How long a settled claim is remembered: longer than any outbox entry is replayed. */
export const SETTLED_KEEP_MS = 8 * 24 * 3600_000;

/** Claims of one process. */
export class LocalClaims implements Claims {
  private readonly held = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const until = this.held.get(key);
    if (until !== undefined && until > this.now()) return false;
    this.held.set(key, this.now() + ttlMs);
    return true;
  }

  async renew(key: string, ttlMs: number): Promise<void> {
    this.held.set(key, this.now() + ttlMs);
  }

  async settle(key: string, keepMs: number): Promise<void> {
    this.held.set(key, this.now() + keepMs);
  }

  async release(key: string): Promise<void> {
    this.held.delete(key);
  }
}
