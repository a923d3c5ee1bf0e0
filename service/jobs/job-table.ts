/**
 * The rows of the job table, in one place: the forecast re-fit on FORECAST_CRON, the alerts sweep
 * on ALERTS_CRON, and one row per report, kept in step with the report catalog as reports are defined and deleted. A scheduled job
 * to come is one more row here.
 */
import { alertsJob } from '../alerts/alerts-job.js';
import type { AlertEvaluator } from '../alerts/evaluator.js';
import type { ReportCatalog } from '../report/report-catalog.js';
import { syncReportRows } from '../report/report-job.js';
import type { ReportSender } from '../report/report-sender.js';
import type { Schedule } from './cron-schedule.js';
import type { JobHandle } from './job.js';
import { refitJob, type RefitJobDeps, type RefitOptions } from './refit-job.js';
import type { JobRegistry } from './registry.js';

export interface JobTable {
  readonly registry: JobRegistry;
  /** The re-fit, for the runs an ingest asks for. */
  readonly forecast: JobHandle<RefitOptions>;
  /** Stops following the report catalog, stops the schedules and waits for runs under way. */
  close(): Promise<void>;
}

export function fillJobTable(
  registry: JobRegistry,
  rows: {
    readonly refit: RefitJobDeps;
    readonly reports: { catalog: ReportCatalog; sender: ReportSender };
    /** The alerts sweep (missing months, pending periods, flap windows). */
    readonly alerts?: { schedule: Schedule; evaluator: AlertEvaluator };
  },
): JobTable {
  const forecast = registry.add(refitJob(rows.refit));
  if (rows.alerts) registry.add(alertsJob(rows.alerts));
  const unfollow = syncReportRows(rows.reports.catalog, registry, rows.reports.sender);
  return {
    registry,
    forecast,
    close: async () => {
      unfollow();
      await registry.stop();
    },
  };
}
