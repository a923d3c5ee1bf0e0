/**
 * Jobs and their runs: GET /jobs, POST /jobs/:name/run, GET /runs, /runs/:id, /runs/:id/forecasts.
 * Thin: parse, call the registry or the reader, map.
 */
import { Router } from 'express';
import { jobEndpoints as api } from '../contract/index.js';
import { AppError } from '../errors.js';
import type { ForecastReader } from '../forecasts/forecast-reader.js';
import type { JobRegistry } from '../jobs/registry.js';
import { route } from './route.js';

export function jobsRouter(deps: { jobs: JobRegistry; forecasts: ForecastReader }): Router {
  const router = Router();
  const { jobs, forecasts } = deps;

  route(router, api.listJobs, async () => ({
    status: 200,
    body: {
      jobs: jobs.list().map((j) => ({ ...j, nextRun: j.nextRun === null ? null : new Date(j.nextRun).toISOString() })),
    },
  }));

  // The query carries the run's options: the job parses them, and refuses what it does not take.
  route(router, api.runJob, async ({ params }, _res, req) => {
    const record = await jobs.trigger(params.name, 'manual', { query: req.query });
    if (record.status === 'skipped') throw new AppError(409, 'JOB_BUSY', record.message, { run: record });
    return { status: 200, body: { run: record } };
  });

  route(router, api.listRuns, async ({ query }) => ({
    status: 200,
    body: {
      runs: await forecasts.runs({ ...(query.job === undefined ? {} : { job: query.job }), limit: query.limit }),
    },
  }));

  route(router, api.getRun, async ({ params }) => ({ status: 200, body: { run: await forecasts.run(params.id) } }));

  route(router, api.getRunForecasts, async ({ params, query }) => ({
    status: 200,
    body: await forecasts.runForecasts(params.id, query.series),
  }));
  return router;
}
