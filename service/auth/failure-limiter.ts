/**
 * Failed authentications per client in fixed one-minute windows. Only failures are counted, when
 * they happen: counting requests and forgiving the good ones afterwards (what a generic rate
 * limiter does) turns a burst of concurrent, valid requests into 429s.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** True when `key` has used up its failures for the current minute. */
  blocked(key: string): boolean {
    const w = this.current(key);
    return w !== undefined && w.failures >= this.perMinute;
  }

  /** Counts one failure; returns the ms until the window ends. */
  fail(key: string): number {
    const now = this.now();
    let w = this.current(key);
    if (!w) {
      w = { start: now, failures: 0 };
      this.windows.set(key, w);
      this.sweep(now);
    }
    w.failures++;
    return w.start + 60_000 - now;
  }

  private current(key: string): { start: number; failures: number } | undefined {
    const w = this.windows.get(key);
    if (w && this.now() - w.start >= 60_000) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  /** Drops ended windows now and then, so a scan of many addresses cannot grow the map for ever. */
  private sweep(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(key);
  }
}
