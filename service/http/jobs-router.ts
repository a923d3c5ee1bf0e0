/**
 * Jobs and their runs: GET /jobs, POST /jobs/:name/run, GET /runs, /runs/:id, /runs/:id/forecasts.
 * Thin: parse, call the registry or the reader, map.
 */
import { Router } from 'express';
import { jobEndpoints as api } from '../contract/index.js';
import { AppError } from '../errors.js';
import type { ForecastReader } from '../forecasts/forecast-reader.js';
import type { JobRegistry } from '../jobs/registry.js';
import { parseSchedule } from '../jobs/cron-schedule.js';
import { nextSlot } from '../jobs/slots.js';
import type { Clock } from '../clock.js';
import { route } from './route.js';

export function jobsRouter(deps: { jobs: JobRegistry; forecasts: ForecastReader; clock: Clock }): Router {
  const router = Router();
  const { jobs, forecasts, clock } = deps;

  route(router, api.listJobs, async () => {
    const now = clock.now();
    return {
      status: 200,
      body: {
        jobs: jobs.list().map((j) => {
          const next = nextSlot(parseSchedule(j.cron, j.timezone), now);
          return { ...j, nextRun: next === null ? null : new Date(next).toISOString() };
        }),
      },
    };
  });

  route(router, api.runJob, async ({ params }) => {
    const record = await jobs.trigger(params.name, 'manual');
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
