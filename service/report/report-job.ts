/**
 * Reports as rows of the job table: each report is a row `report:NAME` whose slots are its cron in
 * its time zone, and whose run sends that slot's email (or, asked for by a person, an email now).
 * The table gives it what every row gets (catch-up of the newest slot missed while down, marked
 * late; the overlap guard; the run log). Slots from before the report was first seen are never
 * caught up. The send log (`send-log.ts`) stays the report's own ledger: it makes each send key's
 * email go out once, with one Message-ID, however often a slot is run.
 */
import type { JobDefinition, JobResult, RunQuery } from '../jobs/job.js';
import { noOptions } from '../jobs/job.js';
import type { JobRegistry } from '../jobs/registry.js';
import type { CatalogEntry, ReportCatalog } from './report-catalog.js';
import type { ReportSender } from './report-sender.js';
import type { SendRecord } from './send-log.js';

export interface ReportRunOptions {
  /** The send key of a send on request (the API names it, to answer with where it will be); default `manual-<now>`. */
  readonly send: string | null;
}

/** The row name of a report. */
export function reportJobName(report: string): string {
  return `report:${report}`;
}

export function reportJob(entry: CatalogEntry, sender: ReportSender): JobDefinition<ReportRunOptions> {
  const { config } = entry;
  const none = noOptions(reportJobName(config.name));
  return {
    name: reportJobName(config.name),
    schedule: { cron: config.cron, timezone: config.timezone },
    since: entry.since,
    options: (query: RunQuery) => (none(query), { send: null }),
    async run(ctx) {
      const record =
        ctx.trigger === 'manual' || ctx.slot === null
          ? await sender.sendNow(config, ctx.options.send ?? undefined)
          : await sender.sendSlot(config, ctx.slot, { late: ctx.trigger !== 'schedule' });
      return resultOf(record);
    },
  };
}

/** Keeps the table's report rows in step with the catalog (file reports, and those defined through the API). */
export function syncReportRows(catalog: ReportCatalog, jobs: JobRegistry, sender: ReportSender): () => void {
  for (const entry of catalog.list()) jobs.add(reportJob(entry, sender));
  return catalog.onChange((name, entry) => {
    if (entry) jobs.put(reportJob(entry, sender));
    else jobs.remove(reportJobName(name));
  });
}

function resultOf(r: SendRecord): JobResult {
  const recipients = r.recipients.length;
  if (r.state === 'sent')
    return {
      total: recipients,
      done: recipients,
      errors: [],
      message: `report emailed to ${recipients} recipients (${r.messageId})${r.late ? ', late' : ''}${r.resends ? `; ${r.note}` : ''}`,
    };
  return {
    total: recipients,
    done: 0,
    errors: [{ series: r.report, code: r.error?.code ?? 'MAIL_FAILED', message: r.error?.message ?? 'not sent' }],
    message: `report not sent after ${r.attempts} attempts: ${r.error?.message ?? 'unknown error'}`,
  };
}
