/** GET /api/v1/series (from the overview index), /series/:id, /series/:id/revisions, /conflicts. Thin: parse, call the reader, map. */
import { Router } from 'express';
import { overviewEndpoints, PAGE_PARAMETERS, seriesEndpoints } from '../contract/index.js';
import type { OverviewIndex } from '../overview/overview-index.js';
import type { SeriesReader } from '../series-reader.js';
import { listedConflictView } from '../series-summary.js';
import { route } from './route.js';

const api = { ...overviewEndpoints, ...seriesEndpoints };

export function seriesRouter(deps: { reader: SeriesReader; overview: OverviewIndex }): Router {
  const router = Router();
  const { reader, overview } = deps;

  route(router, api.listSeries, async ({ query }) => ({
    status: 200,
    // Without a page parameter, the whole list as it always was: existing clients keep working.
    body: PAGE_PARAMETERS.some((p) => query[p] !== undefined)
      ? await overview.page(query)
      : { series: await overview.summaries(query.metric) },
  }));

  route(router, api.getSeries, async ({ params, query }) => {
    const { meta, points, published } = await reader.points(params.id, {
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    });
    const series = { id: meta.id, name: meta.name, metric: meta.metric, entity: meta.entity, unit: meta.unit };
    return { status: 200, body: { series, points, published } };
  });

  route(router, api.listRevisions, async ({ params }) => ({
    status: 200,
    body: { series: params.id, revisions: await reader.revisions(params.id) },
  }));

  route(router, api.listConflicts, async ({ query }) => ({
    status: 200,
    body: {
      conflicts: (await reader.conflicts(query)).map(listedConflictView),
    },
  }));
  return router;
}
