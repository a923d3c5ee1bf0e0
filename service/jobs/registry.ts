/**
 * The table of jobs: each has a name, a cron expression and a time zone. The registry starts and
 * stops them, never lets two runs of one job overlap (a run that finds one in progress is recorded
 * as skipped, with the reason), keeps every run's record, and on start runs once a slot that was
 * due while the service was down (or a first run when a job has never completed).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { RunError, RunRecord, RunTrigger } from '../contract/index.js';
import type { RunLog } from '../forecasts/run-store.js';
import type { Logger } from '../logger.js';
import type { Publisher } from '../live/publisher.js';
import { AppError } from '../errors.js';
import { parseSchedule, type ParsedSchedule } from './cron-schedule.js';
import type { Scheduler, SlotTrigger } from './scheduler.js';
import { latestSlot } from './slots.js';

/** Months that changed, by series: what an ingest-triggered run is about. */
export type Scope = ReadonlyMap<string, readonly string[]>;

export interface JobContext {
  readonly runId: string;
  readonly trigger: RunTrigger;
  /** The schedule slot (ms) this run stands for, or null. */
  readonly slot: number | null;
  /** The items this run covers, or null for all of them. */
  readonly scope: Scope | null;
  progress(done: number, total: number): void;
}

export interface JobOutcome {
  readonly seriesTotal: number;
  readonly seriesFitted: number;
  readonly errors: readonly RunError[];
}

export interface JobDefinition {
  readonly name: string;
  readonly cron: string;
  readonly timezone: string;
  run(ctx: JobContext): Promise<JobOutcome>;
}

export interface RegistryDeps {
  readonly clock: Clock;
  readonly runLog: RunLog;
  readonly publisher: Publisher;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
}

interface Entry {
  readonly job: JobDefinition;
  readonly schedule: ParsedSchedule;
  running: { record: RunRecord; done: Promise<RunRecord> } | null;
  stop: (() => void) | null;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private readonly background = new Set<Promise<unknown>>();
  private started = false;

  constructor(private readonly deps: RegistryDeps) {}

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`a job named "${job.name}" is registered already`);
    this.jobs.set(job.name, { job, schedule: parseSchedule(job.cron, job.timezone), running: null, stop: null });
  }

  list(): { name: string; cron: string; timezone: string; running: RunRecord | null }[] {
    return [...this.jobs.values()].map((e) => ({
      name: e.job.name,
      cron: e.job.cron,
      timezone: e.job.timezone,
      running: e.running?.record ?? null,
    }));
  }

  /** Schedules every job, then runs once any slot missed while down (in the background: see {@link idle}). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const entry of this.jobs.values()) {
      const { name } = entry.job;
      const task = this.deps.scheduler.schedule(name, entry.schedule, (slot, trigger) =>
        this.spawn(this.trigger(name, trigger, { slot })),
      );
      entry.stop = () => task.stop();
      const missed = await this.missedSlot(entry);
      // A shared scheduler hands the missed slot to one instance; without one, this process runs it.
      if (missed && task.runMissed && missed.slot !== null) await task.runMissed(missed.slot, missed.trigger);
      else if (missed) this.spawn(this.trigger(name, missed.trigger, { slot: missed.slot }));
    }
  }

  /**
   * Runs a job now, unless a run of it is in progress: then the returned record says `skipped`
   * and names the run in the way. Never rejects for a failing job; the record says `failed`.
   */
  async trigger(
    name: string,
    trigger: RunTrigger,
    options: { slot?: number | null; scope?: Scope | null } = {},
  ): Promise<RunRecord> {
    const entry = this.jobs.get(name);
    if (!entry) throw new AppError(404, 'JOB_NOT_FOUND', `no job named "${name}"`, { job: name });
    const completed =
      options.slot == null || trigger === 'manual' || trigger === 'ingest'
        ? null
        : await this.slotDone(name, options.slot, trigger);
    if (completed) return completed;
    const now = this.deps.clock.now();
    const base = {
      id: randomUUID(),
      job: name,
      trigger,
      slot: options.slot == null ? null : new Date(options.slot).toISOString(),
      startedAt: new Date(now).toISOString(),
      seriesTotal: options.scope?.size ?? 0,
      seriesFitted: 0,
      errors: [],
    };
    if (entry.running) {
      const busy = entry.running.record;
      const record: RunRecord = {
        ...base,
        status: 'skipped',
        finishedAt: base.startedAt,
        durationMs: 0,
        message: `skipped: run ${busy.id} (${busy.trigger}) has been in progress since ${busy.startedAt}`,
      };
      this.deps.logger.info({ job: name, trigger, inProgress: busy.id }, 'job run skipped: one is in progress');
      await this.finish(record);
      return record;
    }
    const record: RunRecord = { ...base, status: 'running', finishedAt: null, durationMs: null, message: '' };
    const done = this.execute(entry, record, options);
    entry.running = { record, done };
    try {
      return await done;
    } finally {
      entry.running = null;
    }
  }

  /** Resolves when no run started by the schedule or by catch-up is still going. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  /** Stops the schedules and waits for runs in progress to end. */
  async stop(): Promise<void> {
    for (const entry of this.jobs.values()) {
      entry.stop?.();
      entry.stop = null;
    }
    await Promise.allSettled([...this.jobs.values()].map((e) => e.running?.done));
    await this.idle();
  }

  private async execute(
    entry: Entry,
    record: RunRecord,
    options: { slot?: number | null; scope?: Scope | null },
  ): Promise<RunRecord> {
    const { clock, runLog, publisher, logger } = this.deps;
    const log = logger.child({ job: record.job, run: record.id, trigger: record.trigger });
    await runLog.save(record).catch((error: unknown) => log.warn({ err: error }, 'could not store the start of a run'));
    publisher.jobResult(record);
    let finished: RunRecord;
    try {
      const outcome = await entry.job.run({
        runId: record.id,
        trigger: record.trigger,
        slot: options.slot ?? null,
        scope: options.scope ?? null,
        progress: (done, total) =>
          publisher.jobProgress({ job: record.job, run: record.id, trigger: record.trigger, done, total }),
      });
      const status = outcome.errors.length === 0 ? 'ok' : outcome.seriesFitted > 0 ? 'partial' : 'failed';
      finished = {
        ...record,
        ...outcome,
        status,
        message:
          `fitted ${outcome.seriesFitted} of ${outcome.seriesTotal} series` +
          (outcome.errors.length ? `; ${outcome.errors.length} failed` : ''),
      };
    } catch (error) {
      log.error({ err: error }, 'job run failed');
      finished = {
        ...record,
        status: 'failed',
        message: `failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const end = clock.now();
    finished = { ...finished, finishedAt: new Date(end).toISOString(), durationMs: end - Date.parse(record.startedAt) };
    await this.finish(finished);
    log.info(
      { status: finished.status, fitted: finished.seriesFitted, total: finished.seriesTotal, ms: finished.durationMs },
      'job run finished',
    );
    return finished;
  }

  private async finish(record: RunRecord): Promise<void> {
    try {
      await this.deps.runLog.save(record);
    } catch (error) {
      this.deps.logger.error({ err: error, run: record.id }, 'could not store a run record');
    }
    this.deps.publisher.jobResult(record);
  }

  /**
   * A slot that a run already completed (a shared scheduler delivers a slot at least once: again
   * after its instance stalled or died, or to a second instance catching up) is a no-op: nothing
   * is stored or published, and the returned record says why.
   */
  private async slotDone(name: string, slot: number, trigger: RunTrigger): Promise<RunRecord | null> {
    const last = await this.deps.runLog.lastCompletedSlot(name).catch(() => null);
    if (last === null || last < slot) return null;
    const at = new Date(this.deps.clock.now()).toISOString();
    const slotIso = new Date(slot).toISOString();
    this.deps.logger.info({ job: name, trigger, slot: slotIso }, 'job slot already completed: nothing to do');
    return {
      id: randomUUID(),
      job: name,
      trigger,
      slot: slotIso,
      startedAt: at,
      finishedAt: at,
      durationMs: 0,
      seriesTotal: 0,
      seriesFitted: 0,
      errors: [],
      status: 'skipped',
      message: `skipped: slot ${slotIso} was completed already`,
    };
  }

  /** The slot to run at start: the newest due slot when it is later than the last completed one. */
  private async missedSlot(entry: Entry): Promise<{ slot: number | null; trigger: SlotTrigger } | null> {
    const now = this.deps.clock.now();
    const due = latestSlot(entry.schedule, now);
    const last = await this.deps.runLog.lastCompletedSlot(entry.job.name);
    if (last === null) return { slot: due ?? now, trigger: 'initial' };
    if (due !== null && due > last) return { slot: due, trigger: 'catch-up' };
    return null;
  }

  /** Tracks a run for {@link idle}; resolves when it ends (a shared scheduler holds the slot until then). */
  private spawn(run: Promise<unknown>): Promise<void> {
    const tracked = run.then(
      () => {},
      (error: unknown) => this.deps.logger.error({ err: error }, 'background job run failed'),
    );
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
    return tracked;
  }
}
