/**
 * The job contract: every row of the job table (the forecast re-fit, each report's send, whatever
 * is scheduled next) is a {@link JobDefinition}. The table (`registry.ts`) gives every row the same
 * slot arithmetic, missed-slot catch-up, overlap guard and run log; a row says only what one run
 * does, when it runs on its own, and which options a caller may give it.
 */
import { AppError } from '../errors.js';
import type { RunError, RunRecord, RunTrigger } from '../contract/index.js';
import type { Schedule } from './cron-schedule.js';

/** The query of `POST /api/v1/jobs/:name/run?…`, as the API received it. */
export type RunQuery = Readonly<Record<string, unknown>>;

export interface JobContext<Options> {
  readonly runId: string;
  readonly trigger: RunTrigger;
  /** The slot this run stands for (ms): set for scheduled, caught-up and first runs; null otherwise. */
  readonly slot: number | null;
  /** What the caller asked of this run (the job's own type); the job's defaults for runs the table starts. */
  readonly options: Options;
  /** Tells the live channel how far the run is: `done` of `total` items. */
  progress(done: number, total: number): void;
}

/** What one run did, in the items the job counts (series fitted, recipients mailed, series checked). */
export interface JobResult {
  readonly total: number;
  readonly done: number;
  /** One entry per item that failed; a run with errors and nothing done is `failed`, with some done `partial`. */
  readonly errors: readonly RunError[];
  /** Plain words for the run record; default "done N of M". */
  readonly message?: string;
}

export interface JobDefinition<Options = undefined> {
  /** Unique in the table; the API's `:name` and the run log's `job` tag. */
  readonly name: string;
  /** When it runs on its own; null for a row that runs only when asked (API, ingest, another job). */
  readonly schedule: Schedule | null;
  /**
   * Slots at or before this instant (ms) are never caught up: when the row was first defined. Absent:
   * a row that never completed a slot gets a first run at start (trigger `initial`).
   */
  readonly since?: number;
  /**
   * What the row's runs compute with (the forecast re-fit: the engine's fingerprint). A start whose version is
   * not the one of the row's last run runs the row once (trigger `upgrade`), so that what a new version computes
   * differently is not shown stale until the next slot. Absent: starts never run the row for this.
   */
  readonly version?: string;
  /**
   * The options of a run: from the API's query for a manual run, from an empty query for a run the
   * table starts. Throws an AppError (400, naming the parameter) for a query it does not take.
   */
  options(query: RunQuery): Options;
  /** One run; a thrown error fails the run as a whole (the record says why). */
  run(ctx: JobContext<Options>): Promise<JobResult>;
}

/** A row's runs with its own options type: what a module that added the row keeps. */
export interface JobHandle<Options> {
  readonly name: string;
  /** Runs now unless a run is in progress (then the record says `skipped`); never rejects for a failing job. */
  run(trigger: RunTrigger, options: Options): Promise<RunRecord>;
  /** The end of the row's run in progress (whoever started it), or null when none is. */
  inProgress(): Promise<RunRecord> | null;
}

/** The `options` of a job that takes none: any query parameter is refused, naming it. */
export function noOptions(job: string): (query: RunQuery) => undefined {
  return (query) => {
    const [name] = Object.keys(query);
    if (name !== undefined)
      throw new AppError(400, 'INVALID_PARAMETER', `the ${job} job takes no query parameter "${name}"`, {
        field: name,
      });
    return undefined;
  };
}
