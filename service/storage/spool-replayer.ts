/**
 * Drains the spool into InfluxDB in order: the oldest record first, through the normal ingest path
 * (same batch id, same acceptance time), so a record stored twice (a replay interrupted after the
 * write and before `done`) finds its figures already stored and changes nothing. While InfluxDB is
 * unreachable it tries again with a growing pause; a record InfluxDB refuses outright is set aside
 * in the spool folder rather than retried forever.
 */
import type { IngestSummary } from '../../ingest/ingest.js';
import { isRetriable } from '../../ingest/spool-port.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Spool, SpoolRecord } from './spool.js';

export interface ReplayerDeps {
  readonly spool: Spool;
  /** Stores one record through the ingest path; throws what the store threw. */
  readonly replay: (record: SpoolRecord) => Promise<IngestSummary>;
  readonly logger: Logger;
  /** When a paused replay may try again is read from it. */
  readonly clock: Clock;
  /** Pause after the first failed attempt (ms, default 250); it doubles up to `maxDelayMs` (default 2000). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** What the replayer has done since it started. */
export interface ReplayStats {
  /** Records stored (or found stored already). */
  readonly records: number;
  readonly rows: number;
  /** Rows that validation or reconciling refused at replay (logged with their reasons). */
  readonly refusedRows: number;
  /** Records InfluxDB refused outright, kept in the spool folder's set-aside file. */
  readonly setAside: number;
  /** Attempts that found InfluxDB unreachable. */
  readonly failedAttempts: number;
}

/** How often the replayer looks for waiting rows when it is idle (ms). */
const POLL_MS = 200;

export class SpoolReplayer {
  private running: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private notBefore = 0;
  private stopped = false;
  private counts = { records: 0, rows: 0, refusedRows: 0, setAside: 0, failedAttempts: 0 };

  constructor(private readonly deps: ReplayerDeps) {}

  get stats(): ReplayStats {
    return { ...this.counts };
  }

  /** Replays what an earlier run left, then keeps watching for rows that wait. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      if (this.deps.spool.depth().records > 0 && this.deps.clock.now() >= this.notBefore) void this.drain();
    }, POLL_MS);
    this.timer.unref();
    void this.drain();
  }

  /**
   * One pass: stores records in order until none waits (resolves true) or InfluxDB is unreachable
   * (false). Joins the pass under way, if any.
   */
  drain(): Promise<boolean> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops watching and waits for the pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async setAside(record: SpoolRecord, error: unknown): Promise<boolean> {
    this.deps.logger.error(
      { err: error, batch: record.batch, seq: record.seq },
      'spool replay: InfluxDB refused a record; it is set aside in the spool folder',
    );
    try {
      await this.deps.spool.setAside(record, error instanceof Error ? error.message : String(error));
      this.counts.setAside++;
      return true;
    } catch (failure) {
      this.deps.logger.error({ err: failure }, 'spool replay: could not set the record aside; trying again later');
      return false;
    }
  }

  private async pass(): Promise<boolean> {
    const { spool, logger } = this.deps;
    for (;;) {
      let record: SpoolRecord | null = null;
      try {
        record = await spool.next();
        if (!record) return true;
        const summary = await this.deps.replay(record);
        if (summary.rejected > 0) {
          logger.warn(
            { batch: record.batch, seq: record.seq, refused: summary.rejected, errors: summary.errors.slice(0, 20) },
            'spool replay: rows acknowledged as queued were refused when stored',
          );
        }
        await spool.done(record.seq);
        this.counts.records++;
        this.counts.rows += record.rows.length;
        this.counts.refusedRows += summary.rejected;
        this.failures = 0;
      } catch (error) {
        if (record && !isRetriable(error) && (await this.setAside(record, error))) continue;
        this.failures++;
        this.counts.failedAttempts++;
        const delay = Math.min(this.deps.maxDelayMs ?? 2000, (this.deps.baseDelayMs ?? 250) * 2 ** (this.failures - 1));
        this.notBefore = this.deps.clock.now() + delay;
        if (this.failures === 1)
          logger.warn({ err: error, depth: spool.depth() }, 'spool replay: InfluxDB unreachable; trying again');
        return false;
      }
    }
  }
}
