/**
 * What changed recently, by server time: the fallback when socket.io cannot recover a dropped
 * session (server restarted, or the client was away longer than the recovery window). A client
 * sends the time of the last event it applied and learns which series to fetch again.
 */
import type { MissedChanges } from '../contract/index.js';

interface Entry {
  readonly at: number;
  readonly series: string | null;
  readonly kind: 'actuals' | 'forecast' | 'job';
}

/** Entries kept; past this the oldest go and a client further behind is told to reload everything. */
export const CHANGE_LOG_CAPACITY = 20_000;

export class ChangeLog {
  private readonly entries: Entry[] = [];
  private head = 0;
  /** Nothing before this instant is known: the process started then, or older entries were dropped. */
  private horizon: number;

  constructor(
    startedAt: number,
    private readonly capacity = CHANGE_LOG_CAPACITY,
  ) {
    this.horizon = startedAt;
  }

  record(at: number, kind: Entry['kind'], series: string | null): void {
    const entry = { at, kind, series };
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
      return;
    }
    // A ring: overwrite the oldest, and move the horizon to it.
    this.horizon = this.entries[this.head]!.at;
    this.entries[this.head] = entry;
    this.head = (this.head + 1) % this.capacity;
  }

  /** Changes after `since` to the given series (every series when `all`). */
  since(since: number, series: ReadonlySet<string>, all: boolean): MissedChanges {
    if (since < this.horizon) return { complete: false, series: [], jobs: true };
    const changed = new Map<string, { actuals: boolean; forecast: boolean }>();
    let jobs = false;
    for (const e of this.entries) {
      if (e.at <= since) continue;
      if (e.kind === 'job') {
        jobs = true;
        continue;
      }
      if (e.series === null || (!all && !series.has(e.series))) continue;
      const seen = changed.get(e.series) ?? { actuals: false, forecast: false };
      seen[e.kind] = true;
      changed.set(e.series, seen);
    }
    return { complete: true, series: [...changed].map(([id, c]) => ({ id, ...c })), jobs };
  }
}
