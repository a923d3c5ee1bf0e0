/** GET /api/v1/series, /series/:id, /series/:id/revisions, /conflicts. Thin: parse, call the reader, map. */
import { Router } from 'express';
import { seriesEndpoints as api } from '../contract/index.js';
import type { SeriesReader } from '../series-reader.js';
import { route } from './route.js';

export function seriesRouter(deps: { reader: SeriesReader }): Router {
  const router = Router();
  const { reader } = deps;

  route(router, api.listSeries, async ({ query }) => ({
    status: 200,
    body: { series: await reader.list(query.metric === undefined ? {} : { metric: query.metric }) },
  }));

  route(router, api.getSeries, async ({ params, query }) => {
    const { meta, points } = await reader.points(params.id, {
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    });
    const series = { id: meta.id, name: meta.name, metric: meta.metric, entity: meta.entity, unit: meta.unit };
    return { status: 200, body: { series, points } };
  });

  route(router, api.listRevisions, async ({ params }) => ({
    status: 200,
    body: { series: params.id, revisions: await reader.revisions(params.id) },
  }));

  route(router, api.listConflicts, async ({ query }) => ({
    status: 200,
    body: { conflicts: await reader.conflicts(query.series === undefined ? {} : { series: query.series }) },
  }));
  return router;
}
