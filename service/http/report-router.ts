/**
 * Reports: GET /reports, GET|PUT|DELETE /reports/:name, POST /reports/:name/send,
 * GET /reports/:name/sends, GET /reports/:name/sends/:send, GET /reports/:name/preview.
 * Thin: parse, call the catalog, the sender or the send log, map.
 */
import { Router } from 'express';
import type { Clock } from '../clock.js';
import { reportEndpoints as api, type Report, type ReportSend } from '../contract/index.js';
import { AppError, notFound } from '../errors.js';
import { parseSchedule } from '../jobs/cron-schedule.js';
import type { JobRegistry } from '../jobs/registry.js';
import { nextSlot } from '../jobs/slots.js';
import { inlineImages } from '../report/compose.js';
import type { CatalogEntry, ReportCatalog } from '../report/report-catalog.js';
import { reportJobName, type ReportRunOptions } from '../report/report-job.js';
import type { ReportSender } from '../report/report-sender.js';
import type { SendLog, SendRecord } from '../report/send-log.js';
import { route } from './route.js';

export interface ReportRouterDeps {
  readonly catalog: ReportCatalog;
  readonly sender: ReportSender;
  readonly log: SendLog;
  readonly clock: Clock;
  /** The job table, where a send on request is a run of the report's row. */
  readonly jobs: JobRegistry;
}

/** A send record as the API shows it: instants as ISO strings, without the stored snapshot. */
function sendView(r: SendRecord): ReportSend {
  const { snapshot: _snapshot, at, firstAttemptAt, updatedAt, sentAt, ...rest } = r;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...rest,
    at: iso(at),
    firstAttemptAt: iso(firstAttemptAt),
    updatedAt: iso(updatedAt),
    sentAt: sentAt === null ? null : iso(sentAt),
  };
}

export function reportRouter(deps: ReportRouterDeps): Router {
  const router = Router();
  const { catalog, sender, log, clock } = deps;

  const view = async (entry: CatalogEntry): Promise<Report> => {
    const next = nextSlot(parseSchedule(entry.config.cron, entry.config.timezone), clock.now());
    const [last] = await log.list(entry.config.name, { limit: 1 });
    return {
      ...entry.config,
      source: entry.source,
      since: new Date(entry.since).toISOString(),
      nextSlot: next === null ? null : new Date(next).toISOString(),
      lastSend: last ? sendView(last) : null,
    };
  };

  route(router, api.listReports, async () => ({
    status: 200,
    body: { reports: await Promise.all(catalog.list().map(view)) },
  }));

  route(router, api.getReport, async ({ params }) => ({
    status: 200,
    body: { report: await view(catalog.get(params.name)) },
  }));

  route(router, api.putReport, async ({ params, body }) => {
    const { entry, created } = await catalog.put(body, params.name);
    return { status: created ? 201 : 200, body: { report: await view(entry) } };
  });

  route(router, api.deleteReport, async ({ params }, res) => {
    await catalog.delete(params.name);
    res.status(204).end();
  });

  route(router, api.sendReport, async ({ params }, res) => {
    const { config } = catalog.get(params.name);
    // Retries may take minutes: answer once the run has started, with where the outcome will be.
    const send = `manual-${new Date(clock.now()).toISOString()}`;
    const options: ReportRunOptions = { send };
    const { record } = await deps.jobs.begin(reportJobName(config.name), 'manual', { options });
    if (record.status === 'skipped') throw new AppError(409, 'JOB_BUSY', record.message, { run: record });
    res.location(`/api/v1/reports/${encodeURIComponent(config.name)}/sends/${encodeURIComponent(send)}`);
    return { status: 202, body: { report: config.name, send } };
  });

  route(router, api.listSends, async ({ params, query }) => {
    const { config } = catalog.get(params.name);
    return { status: 200, body: { sends: (await log.list(config.name, { limit: query.limit })).map(sendView) } };
  });

  route(router, api.getSend, async ({ params }) => {
    const { config } = catalog.get(params.name);
    const record = await log.get(config.name, params.send);
    if (!record) throw notFound(`send "${params.send}" of report "${config.name}"`);
    return { status: 200, body: { send: sendView(record) } };
  });

  route(router, api.previewReport, async ({ params }, res) => {
    const { config } = catalog.get(params.name);
    const { mail } = await sender.preview(config);
    res.type('html').send(inlineImages(mail));
  });
  return router;
}
