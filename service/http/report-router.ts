/**
 * Reports: GET /reports, GET|PUT|DELETE /reports/:name, POST /reports/:name/send,
 * GET /reports/:name/sends, GET /reports/:name/sends/:send, GET /reports/:name/preview.
 * Thin: parse, call the catalog, the sender or the send log, map.
 */
import express, { Router, type Request } from 'express';
import type { Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import { nextSlot } from '../jobs/schedule.js';
import { inlineImages } from '../report/compose.js';
import type { CatalogEntry, ReportCatalog } from '../report/report-catalog.js';
import type { ReportSender } from '../report/report-sender.js';
import type { SendLog, SendRecord } from '../report/send-log.js';

export interface ReportRouterDeps {
  readonly catalog: ReportCatalog;
  readonly sender: ReportSender;
  readonly log: SendLog;
  readonly clock: Clock;
  /** Runs a send in the background: logs its failure and lets shutdown and tests wait for it. */
  readonly background: (send: Promise<unknown>) => void;
}

/** A send record as the API shows it: instants as ISO strings, without the stored snapshot. */
export function sendView(r: SendRecord) {
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

  const view = async (entry: CatalogEntry) => {
    const next = nextSlot(entry.config.cron, entry.config.timezone, clock.now());
    const [last] = await log.list(entry.config.name, { limit: 1 });
    return {
      ...entry.config,
      source: entry.source,
      since: new Date(entry.since).toISOString(),
      nextSlot: next === null ? null : new Date(next).toISOString(),
      lastSend: last ? sendView(last) : null,
    };
  };

  router.get('/reports', async (_req, res) => {
    res.json({ reports: await Promise.all(catalog.list().map(view)) });
  });

  router.get('/reports/:name', async (req, res) => {
    res.json({ report: await view(catalog.get(req.params['name']!)) });
  });

  router.put('/reports/:name', express.json({ limit: '64kb' }), async (req, res) => {
    const { entry, created } = await catalog.put(req.body, req.params['name']!);
    res.status(created ? 201 : 200).json({ report: await view(entry) });
  });

  router.delete('/reports/:name', async (req, res) => {
    await catalog.delete(req.params['name']!);
    res.status(204).end();
  });

  router.post('/reports/:name/send', (req, res) => {
    const { config } = catalog.get(req.params['name']!);
    // Retries may take minutes: answer at once with where the outcome will be.
    const send = `manual-${new Date(clock.now()).toISOString()}`;
    deps.background(sender.sendNow(config, send));
    res
      .status(202)
      .location(`/api/v1/reports/${encodeURIComponent(config.name)}/sends/${encodeURIComponent(send)}`)
      .json({ report: config.name, send });
  });

  router.get('/reports/:name/sends', async (req, res) => {
    const { config } = catalog.get(req.params['name']!);
    res.json({ sends: (await log.list(config.name, { limit: limitOf(req) })).map(sendView) });
  });

  router.get('/reports/:name/sends/:send', async (req, res) => {
    const { config } = catalog.get(req.params['name']!);
    const record = await log.get(config.name, req.params['send']!);
    if (!record) throw notFound(`send "${req.params['send']}" of report "${config.name}"`);
    res.json({ send: sendView(record) });
  });

  router.get('/reports/:name/preview', async (req, res) => {
    const { config } = catalog.get(req.params['name']!);
    const { mail } = await sender.preview(config);
    const html = inlineImages(mail);
    res.type('html').send(html);
  });
  return router;
}

function limitOf(req: Request): number {
  const raw = req.query['limit'];
  if (raw === undefined) return 50;
  const limit = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new AppError(400, 'INVALID_PARAMETER', 'query parameter "limit" must be a whole number from 1 to 1000', {
      field: 'limit',
    });
  return limit;
}
