/**
 * The re-fit after an ingest: changed months collect until the ingests have been quiet for the
 * delay (or, under a steady stream of figures that is never quiet, until `maxWaitMs` after the
 * first change), then one run re-fits just those series. While a re-fit is in progress (this one's,
 * the schedule's or a person's), changes wait for it to end and then go to one follow-up run: no
 * run is started only to be recorded as skipped. Should one be skipped all the same (another
 * instance's run, begun in between), its series stay pending and are tried again after the delay.
 */
import { MonthRanges } from '../../common/month-ranges.js';
import type { RunRecord } from '../contract/index.js';
import type { Scope } from './refit-job.js';

/** Timers as a dependency, so tests drive them with their clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending re-fit must not hold the process open at shutdown.
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class RefitDebouncer {
  /** Months as runs: a large upload's pending re-fit costs memory by series, not by figure. */
  private pending = new Map<string, MonthRanges>();
  private timer: unknown = null;
  /** Fires `maxWaitMs` after the first pending change, however busy the stream. */
  private deadline: unknown = null;
  private inFlight: Promise<unknown> | null = null;
  /** True while a follow-up run waits for the run in progress to end. */
  private following = false;
  private stopped = false;

  constructor(
    private readonly deps: {
      readonly delayMs: number;
      /** Longest a change waits for its re-fit; default 30 s or the delay, whichever is longer. */
      readonly maxWaitMs?: number;
      readonly timers: Timers;
      /** Runs the re-fit for a scope; resolves with its record. */
      readonly refit: (scope: Scope) => Promise<RunRecord>;
      /**
       * True while a large upload is still being stored: its half-stored batch is not worth a
       * re-fit, so the run waits for the batch to end (checked again after the delay).
       */
      readonly busy?: () => boolean;
      /** The end of a re-fit in progress that this debouncer did not start (schedule, API), or null. */
      readonly inProgress?: () => Promise<unknown> | null;
    },
  ) {}

  /** Notes changed months of a series and (re)starts the quiet-time timer. */
  add(series: string, months: readonly string[]): void {
    this.addAll(new Map([[series, months]]));
  }

  /** Notes the changed months of several series (a stored chunk) and (re)starts the timer once. */
  addAll(changes: ReadonlyMap<string, readonly string[]>): void {
    if (this.stopped || changes.size === 0) return;
    for (const [series, months] of changes) {
      const ranges = this.pending.get(series) ?? new MonthRanges();
      ranges.addAll(months);
      this.pending.set(series, ranges);
    }
    this.arm();
  }

  /** Series waiting for a re-fit. */
  pendingSeries(): string[] {
    return [...this.pending.keys()];
  }

  /** Cancels the timer and waits for a re-fit in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    await this.inFlight;
  }

  private arm(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = this.deps.timers.setTimeout(() => this.fire(), this.deps.delayMs);
    this.deadline ??= this.deps.timers.setTimeout(
      () => this.fire(),
      Math.max(this.deps.maxWaitMs ?? 30_000, this.deps.delayMs),
    );
  }

  private clearTimers(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    if (this.deadline !== null) this.deps.timers.clearTimeout(this.deadline);
    this.timer = null;
    this.deadline = null;
  }

  private fire(): void {
    this.clearTimers();
    if (this.pending.size === 0 || this.stopped) return;
    if (this.deps.busy?.()) {
      this.timer = this.deps.timers.setTimeout(() => this.fire(), this.deps.delayMs);
      return;
    }
    const ongoing = this.inFlight ?? this.deps.inProgress?.() ?? null;
    if (ongoing) {
      this.followUp(ongoing);
      return;
    }
    const scope = new Map([...this.pending].map(([id, months]) => [id, months.toArray()]));
    this.pending = new Map();
    const run = this.deps.refit(scope).then(
      (record) => {
        if (record.status === 'skipped') this.requeue(scope);
      },
      () => this.requeue(scope),
    );
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
  }

  /** Fires once more when the run in progress ends, with every change pending by then. */
  private followUp(ongoing: Promise<unknown>): void {
    if (this.following) return;
    this.following = true;
    const after = () => {
      this.following = false;
      this.fire();
    };
    void ongoing.then(after, after);
  }

  private requeue(scope: Scope): void {
    this.addAll(scope);
  }
}
