/** GET /api/v1/series, /series/:id, /series/:id/revisions, /conflicts. Thin: parse, call the reader, map. */
import { Router, type Request } from 'express';
import { parseMonthKey } from '../../common/month.js';
import { AppError } from '../errors.js';
import type { SeriesReader } from '../series-reader.js';
import type { SeriesDetail } from './api-types.js';

export function seriesRouter(deps: { reader: SeriesReader }): Router {
  const router = Router();
  const { reader } = deps;

  router.get('/series', async (req, res) => {
    const metric = optionalString(req, 'metric');
    res.json({ series: await reader.list(metric === undefined ? {} : { metric }) });
  });

  router.get('/series/:id', async (req, res) => {
    const from = optionalMonth(req, 'from');
    const to = optionalMonth(req, 'to');
    if (from && to && from > to)
      throw new AppError(400, 'INVALID_RANGE', `"from" (${from}) is after "to" (${to})`, { field: 'from' });
    const { meta, points } = await reader.points(req.params['id']!, {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
    const body: SeriesDetail = {
      series: { id: meta.id, name: meta.name, metric: meta.metric, entity: meta.entity, unit: meta.unit },
      points,
    };
    res.json(body);
  });

  router.get('/series/:id/revisions', async (req, res) => {
    res.json({ series: req.params['id'], revisions: await reader.revisions(req.params['id']!) });
  });

  router.get('/conflicts', async (req, res) => {
    const series = optionalString(req, 'series');
    res.json({ conflicts: await reader.conflicts(series === undefined ? {} : { series }) });
  });
  return router;
}

function optionalString(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length > 200)
    throw new AppError(400, 'INVALID_PARAMETER', `query parameter "${name}" must be one short string`, { field: name });
  return raw;
}

function optionalMonth(req: Request, name: string): string | undefined {
  const raw = optionalString(req, name);
  if (raw === undefined) return undefined;
  const month = parseMonthKey(raw);
  if (!month)
    throw new AppError(
      400,
      'INVALID_MONTH',
      `query parameter "${name}" must be a month such as 2024-06; got "${raw}"`,
      { field: name },
    );
  return month;
}
