/**
 * The job table. Its rows (`job.ts`) are the forecast re-fit, each report's send, and whatever is
 * scheduled next; rows come and go at run time (a report defined or deleted through the API). For
 * every row alike, the table:
 *
 * - fires its slots through the Scheduler port (node-cron, or BullMQ across instances), slots
 *   being those of the one slot arithmetic (`slots.ts`);
 * - on start, runs once the newest slot that fell due while nothing ran (`catch-up`), or gives a row
 *   that never completed one a first run (`initial`) unless the row says since when it exists;
 * - never lets two runs of a row overlap: a run that finds one in progress is recorded as skipped,
 *   naming the run in the way;
 * - treats a slot a run already completed as done: delivered again (BullMQ delivers at least once,
 *   instances catching up together), it is a no-op that stores and announces nothing;
 * - keeps every run's record in the run log and announces it on the live channel.
 */
import type { Clock } from '../clock.js';
import type { RunRecord, RunTrigger } from '../contract/index.js';
import type { Publisher } from '../live/publisher.js';
import type { Logger } from '../logger.js';
import { AppError } from '../errors.js';
import { parseSchedule, type ParsedSchedule } from './cron-schedule.js';
import type { JobDefinition, JobHandle, RunQuery } from './job.js';
import type { RunLog } from './run-log.js';
import { finishedRecord, skippedRecord, startedRecord } from './run-record.js';
import type { ScheduledTask, Scheduler, SlotTrigger } from './scheduler.js';
import { latestSlot, nextSlot } from './slots.js';

export interface RegistryDeps {
  readonly clock: Clock;
  readonly runLog: RunLog;
  readonly publisher: Publisher;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
}

/** A row as the API lists it. */
export interface JobRow {
  readonly name: string;
  readonly cron: string | null;
  readonly timezone: string | null;
  /** The next slot (ms), or null for a row without a schedule. */
  readonly nextRun: number | null;
  readonly running: RunRecord | null;
}

/** How a run is asked for: its slot (scheduled runs), and its options, typed or as the API's query. */
export interface RunRequest {
  readonly slot?: number | null;
  readonly options?: unknown;
  readonly query?: RunQuery;
}

interface Row {
  readonly job: JobDefinition<unknown>;
  readonly schedule: ParsedSchedule | null;
  task: ScheduledTask | null;
}

const SLOT_TRIGGERS: readonly RunTrigger[] = ['schedule', 'catch-up', 'initial'];

export class JobRegistry {
  private readonly rows = new Map<string, Row>();
  private readonly running = new Map<string, { record: RunRecord; done: Promise<RunRecord> }>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(record: RunRecord) => void>();
  private started = false;

  constructor(private readonly deps: RegistryDeps) {}

  /** Adds a row; refuses a name the table has. Scheduled at once when the table has started. */
  add<O>(job: JobDefinition<O>): JobHandle<O> {
    if (this.rows.has(job.name)) throw new Error(`a job named "${job.name}" is in the table already`);
    return this.put(job);
  }

  /**
   * Adds a row, or replaces the one of the same name (a report's definition changed): its schedule
   * is armed anew; a run of the old definition in progress finishes, and the guard still holds.
   */
  put<O>(job: JobDefinition<O>): JobHandle<O> {
    this.rows.get(job.name)?.task?.stop();
    const schedule = job.schedule && parseSchedule(job.schedule.cron, job.schedule.timezone);
    const row: Row = { job: job as JobDefinition<unknown>, schedule, task: null };
    this.rows.set(job.name, row);
    if (this.started) this.arm(row);
    return {
      name: job.name,
      run: (trigger, options) => this.trigger(job.name, trigger, { options }),
      inProgress: () => this.running.get(job.name)?.done ?? null,
    };
  }

  /** Removes a row for good (a deleted report): a shared schedule stops for every instance. */
  remove(name: string): boolean {
    const row = this.rows.get(name);
    if (!row) return false;
    if (row.task?.remove) row.task.remove();
    else row.task?.stop();
    this.rows.delete(name);
    return true;
  }

  list(): JobRow[] {
    const now = this.deps.clock.now();
    return [...this.rows.values()].map(({ job, schedule }) => ({
      name: job.name,
      cron: schedule?.cron ?? null,
      timezone: schedule?.timezone ?? null,
      nextRun: schedule && nextSlot(schedule, now),
      running: this.running.get(job.name)?.record ?? null,
    }));
  }

  /** Hears every finished run (ok, partial, failed or skipped) of every row. */
  onFinished(listener: (record: RunRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Schedules every row, then runs each slot missed while down (in the background: see {@link idle}). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const row of this.rows.values()) await this.catchUp(this.arm(row));
  }

  /** Runs a row now and resolves with its finished record (see {@link begin}). */
  async trigger(name: string, trigger: RunTrigger, request: RunRequest = {}): Promise<RunRecord> {
    return (await this.begin(name, trigger, request)).done;
  }

  /**
   * Starts a run and resolves once it has started (or was skipped), with the run still going in
   * `done`, which never rejects: a failing job's record says `failed`. A row with a run in progress
   * gets a `skipped` record naming that run. Throws a 404 AppError for an unknown row, and the
   * row's own 400 for options it does not take.
   */
  async begin(
    name: string,
    trigger: RunTrigger,
    request: RunRequest = {},
  ): Promise<{ record: RunRecord; done: Promise<RunRecord> }> {
    const row = this.rows.get(name);
    if (!row) throw new AppError(404, 'JOB_NOT_FOUND', `no job named "${name}"`, { job: name });
    const options = 'options' in request ? request.options : row.job.options(request.query ?? {});
    const slot = request.slot ?? null;
    const completed =
      slot !== null && SLOT_TRIGGERS.includes(trigger) ? await this.slotDone(name, slot, trigger) : null;
    if (completed) return { record: completed, done: Promise.resolve(completed) };
    const now = this.deps.clock.now();
    const busy = this.running.get(name)?.record;
    if (busy) {
      const record = skippedRecord(
        name,
        trigger,
        slot,
        now,
        `skipped: run ${busy.id} (${busy.trigger}) has been in progress since ${busy.startedAt}`,
      );
      this.deps.logger.info({ job: name, trigger, inProgress: busy.id }, 'job run skipped: one is in progress');
      await this.finish(record);
      return { record, done: Promise.resolve(record) };
    }
    const record = startedRecord(name, trigger, slot, now, row.job.version ?? null);
    const done = this.execute(row.job, record, options);
    this.running.set(name, { record, done });
    this.track(done.finally(() => this.running.delete(name)));
    return { record, done };
  }

  /** Resolves when no run (scheduled, caught up or begun) is still going. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  /** Stops firing the schedules (a shared schedule goes on for the other instances) and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const row of this.rows.values()) {
      row.task?.stop();
      row.task = null;
    }
    await this.idle();
  }

  private arm(row: Row): Row {
    const { name } = row.job;
    if (row.schedule)
      row.task = this.deps.scheduler.schedule(name, row.schedule, (slot, trigger) =>
        // A row removed meanwhile has nothing to run; one replaced runs its new definition.
        this.rows.has(name) ? this.track(this.trigger(name, trigger, { slot })) : undefined,
      );
    return row;
  }

  /** Runs the slot a row missed while nothing ran, through a shared scheduler when there is one. */
  private async catchUp(row: Row): Promise<void> {
    const missed = await this.missedSlot(row);
    if (!missed) return this.upgrade(row);
    const { name } = row.job;
    this.deps.logger.info(
      { job: name, trigger: missed.trigger, slot: new Date(missed.slot).toISOString() },
      'running a slot missed while nothing ran',
    );
    // A shared scheduler hands the missed slot to one instance; without one, this process runs it.
    if (row.task?.runMissed) await row.task.runMissed(missed.slot, missed.trigger);
    else this.track(this.trigger(name, missed.trigger, { slot: missed.slot }));
  }

  /**
   * Runs a row once when its version is not the one its last completed run computed with (a new engine),
   * unless a slot was missed as well (that run computes with the new version). Every instance that starts
   * with the new version asks, and a shared scheduler runs it once for all of them; a single instance whose
   * upgrade run died with it runs it again at its next start.
   */
  private async upgrade(row: Row): Promise<void> {
    const { name, version } = row.job;
    if (version === undefined) return;
    const last = await this.deps.runLog.lastVersion(name).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, job: name }, 'could not read the version of the last run');
      return version;
    });
    if (last === undefined || last === version) return;
    this.deps.logger.info({ job: name, version, last }, 'running a row whose version changed since its last run');
    // A shared scheduler runs it on one instance, whichever instances start with the version and when.
    const due = row.schedule && latestSlot(row.schedule, this.deps.clock.now());
    if (row.task?.runOnce && due !== null) await row.task.runOnce(due, 'upgrade', `upgrade-${version}`);
    else this.track(this.trigger(name, 'upgrade'));
  }

  private async missedSlot(row: Row): Promise<{ slot: number; trigger: SlotTrigger } | null> {
    if (!row.schedule) return null;
    const now = this.deps.clock.now();
    const due = latestSlot(row.schedule, now);
    const { since } = row.job;
    if (since !== undefined && (due === null || due <= since)) return null;
    const last = await this.deps.runLog.lastCompletedSlot(row.job.name);
    if (last === null && since === undefined) return { slot: due ?? now, trigger: 'initial' };
    if (due !== null && (last === null || due > last)) return { slot: due, trigger: 'catch-up' };
    return null;
  }

  private async execute(job: JobDefinition<unknown>, record: RunRecord, options: unknown): Promise<RunRecord> {
    const { clock, runLog, publisher, logger } = this.deps;
    const log = logger.child({ job: record.job, run: record.id, trigger: record.trigger });
    await runLog.save(record).catch((error: unknown) => log.warn({ err: error }, 'could not store the start of a run'));
    publisher.jobResult(record);
    let finished: RunRecord;
    try {
      const result = await job.run({
        runId: record.id,
        trigger: record.trigger,
        slot: record.slot === null ? null : Date.parse(record.slot),
        options,
        progress: (done, total) =>
          publisher.jobProgress({ job: record.job, run: record.id, trigger: record.trigger, done, total }),
      });
      finished = finishedRecord(record, result, clock.now());
    } catch (error) {
      log.error({ err: error }, 'job run failed');
      finished = finishedRecord(record, { error }, clock.now());
    }
    await this.finish(finished);
    log.info(
      { status: finished.status, done: finished.seriesFitted, total: finished.seriesTotal, ms: finished.durationMs },
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
    for (const listener of this.listeners) listener(record);
  }

  /**
   * A slot that a run already completed is a no-op: nothing is stored or published, and the
   * returned record says why.
   */
  private async slotDone(name: string, slot: number, trigger: RunTrigger): Promise<RunRecord | null> {
    const last = await this.deps.runLog.lastCompletedSlot(name).catch(() => null);
    if (last === null || last < slot) return null;
    const slotIso = new Date(slot).toISOString();
    this.deps.logger.info({ job: name, trigger, slot: slotIso }, 'job slot already completed: nothing to do');
    return skippedRecord(name, trigger, slot, this.deps.clock.now(), `skipped: slot ${slotIso} was completed already`);
  }

  /** Keeps a run in view of {@link idle} and logs an unexpected failure; resolves when it ends. */
  private track(run: Promise<unknown>): Promise<void> {
    const tracked = run.then(
      () => {},
      (error: unknown) => this.deps.logger.error({ err: error }, 'background job run failed'),
    );
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
    return tracked;
  }
}
