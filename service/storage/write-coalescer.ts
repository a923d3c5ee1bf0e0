/**
 * Many small writes that arrive together, as one: a write that arrives while another is under way
 * waits for it and then goes with every other that waited, in one request. A lone write goes at
 * once. Each caller's promise settles with the request that carried its items, so that a caller
 * that awaits it knows its items are stored (or why not).
 *
 * Alert deliveries end in bursts (500 webhook calls answered within a second); one InfluxDB write
 * each had them queue behind one another and behind the ingest's own writes.
 */
export class WriteCoalescer<T> {
  private pending: T[] = [];
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private draining = false;

  constructor(private readonly write: (items: readonly T[]) => Promise<void>) {}

  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      for (const item of items) this.pending.push(item);
      this.waiting.push({ resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.waiting.length > 0) {
      const items = this.pending;
      const waiting = this.waiting;
      this.pending = [];
      this.waiting = [];
      try {
        await this.write(items);
        for (const w of waiting) w.resolve();
      } catch (error) {
        for (const w of waiting) w.reject(error);
      }
    }
    this.draining = false;
  }
}
