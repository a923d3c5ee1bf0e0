/**
 * Job run records in InfluxDB (`job_run`): written when a run starts, rewritten whole when it ends.
 * The largest slot of a completed run is what missed-run catch-up compares the schedule with.
 */
import type { InfluxDB, IPoint } from 'influx';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { queryRows } from '../storage/store-error.js';
import type { RunError, RunRecord, RunStatus, RunTrigger } from '../contract/index.js';

type Row = Record<string, unknown>;

/** Fields every run record has: a row without one is a record being written (whole-rows.ts). */
const RUN_FIELDS = ['trigger', 'status', 'has_slot', 'finished_at', 'duration_ms', 'series_total', 'series_fitted'];

/** The port the job registry keeps its records through. */
export interface RunLog {
  save(record: RunRecord): Promise<void>;
  /** The slot (ms) of the newest run of `job` that completed (ok or partial), or null. */
  lastCompletedSlot(job: string): Promise<number | null>;
  /**
   * The version of the row's newest completed run (ok or partial; null: recorded without one); undefined when
   * it has none. A run under way does not count: at start, without a shared scheduler, one is a crashed run's.
   */
  lastVersion(job: string): Promise<string | null | undefined>;
}

export class InfluxRunLog implements RunLog {
  constructor(private readonly client: InfluxDB) {}

  async save(record: RunRecord): Promise<void> {
    const point: IPoint = {
      measurement: MEASUREMENT.jobRun,
      tags: { [TAG.job]: record.job, [TAG.run]: record.id },
      // Every field on every write: the end-of-run rewrite must replace the start record whole.
      fields: {
        trigger: record.trigger,
        status: record.status,
        slot: record.slot === null ? 0 : Date.parse(record.slot),
        has_slot: record.slot !== null,
        finished_at: record.finishedAt === null ? 0 : Date.parse(record.finishedAt),
        duration_ms: record.durationMs ?? -1,
        series_total: record.seriesTotal,
        series_fitted: record.seriesFitted,
        errors: JSON.stringify(record.errors),
        message: record.message,
        version: record.version ?? '',
      },
      timestamp: new Date(Date.parse(record.startedAt)),
    };
    await this.client.writePoints([point], { precision: 'ms' });
  }

  async lastCompletedSlot(job: string): Promise<number | null> {
    const rows = await queryRows(
      this.client,
      `SELECT max("slot") AS slot FROM ${ident(MEASUREMENT.jobRun)} WHERE ${ident(TAG.job)} = $job AND "has_slot" = true AND ("status" = 'ok' OR "status" = 'partial')`,
      { job },
    );
    const slot = rows[0]?.['slot'];
    return typeof slot === 'number' ? slot : null;
  }

  async lastVersion(job: string): Promise<string | null | undefined> {
    return (await this.latestCompleted(job))?.version;
  }

  /** Runs, newest first, optionally of one job only. */
  async list(options: { job?: string; limit?: number } = {}): Promise<RunRecord[]> {
    const limit = Number.isInteger(options.limit) && options.limit! > 0 ? Math.min(options.limit!, 1000) : 50;
    const where = options.job === undefined ? '' : ` WHERE ${ident(TAG.job)} = $job`;
    // LIMIT takes no bound parameter in InfluxQL; only the whole number checked above is written there.
    const rows = await queryRows(
      this.client,
      `SELECT * FROM ${ident(MEASUREMENT.jobRun)}${where} ORDER BY time DESC LIMIT ${limit}`,
      options.job === undefined ? {} : { job: options.job },
      RUN_FIELDS,
    );
    return rows.map(recordOf);
  }

  async get(id: string): Promise<RunRecord | null> {
    const rows = await queryRows(
      this.client,
      `SELECT * FROM ${ident(MEASUREMENT.jobRun)} WHERE ${ident(TAG.run)} = $id`,
      { id },
      RUN_FIELDS,
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }

  /** The newest run of `job` that stored forecasts (ok or partial). */
  async latestCompleted(job: string): Promise<RunRecord | null> {
    const rows = await queryRows(
      this.client,
      `SELECT * FROM ${ident(MEASUREMENT.jobRun)} WHERE ${ident(TAG.job)} = $job AND ("status" = 'ok' OR "status" = 'partial') ORDER BY time DESC LIMIT 1`,
      { job },
      RUN_FIELDS,
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }
}

function recordOf(r: Row): RunRecord {
  const finished = Number(r['finished_at']);
  const duration = Number(r['duration_ms']);
  return {
    id: String(r[TAG.run]),
    job: String(r[TAG.job]),
    trigger: String(r['trigger']) as RunTrigger,
    status: String(r['status']) as RunStatus,
    slot: r['has_slot'] === true ? new Date(Number(r['slot'])).toISOString() : null,
    startedAt: (r['time'] as Date).toISOString(),
    finishedAt: finished > 0 ? new Date(finished).toISOString() : null,
    durationMs: duration >= 0 ? duration : null,
    seriesTotal: Number(r['series_total']),
    seriesFitted: Number(r['series_fitted']),
    errors: JSON.parse(String(r['errors'] ?? '[]')) as RunError[],
    message: String(r['message'] ?? ''),
    // Absent on records written before runs recorded a version.
    version: typeof r['version'] === 'string' && r['version'] !== '' ? r['version'] : null,
  };
}
