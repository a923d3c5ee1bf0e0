/**
 * Jobs and their runs: GET /jobs, POST /jobs/:name/run, GET /runs, /runs/:id, /runs/:id/forecasts.
 * Thin: parse, call the registry or the reader, map.
 */
import { Router, type Request } from 'express';
import { AppError } from '../errors.js';
import type { ForecastReader } from '../forecasts/forecast-reader.js';
import type { JobRegistry } from '../jobs/registry.js';
import { nextSlot } from '../jobs/schedule.js';
import type { Clock } from '../clock.js';
import { seriesList } from './forecast-router.js';

export function jobsRouter(deps: { jobs: JobRegistry; forecasts: ForecastReader; clock: Clock }): Router {
  const router = Router();
  const { jobs, forecasts, clock } = deps;

  router.get('/jobs', (_req, res) => {
    const now = clock.now();
    res.json({
      jobs: jobs.list().map((j) => {
        const next = nextSlot(j.cron, j.timezone, now);
        return { ...j, nextRun: next === null ? null : new Date(next).toISOString() };
      }),
    });
  });

  router.post('/jobs/:name/run', async (req, res) => {
    const record = await jobs.trigger(req.params['name']!, 'manual');
    if (record.status === 'skipped') throw new AppError(409, 'JOB_BUSY', record.message, { run: record });
    res.json({ run: record });
  });

  router.get('/runs', async (req, res) => {
    const job = optional(req, 'job');
    const limitText = optional(req, 'limit');
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new AppError(400, 'INVALID_PARAMETER', 'query parameter "limit" must be a whole number from 1 to 1000', {
        field: 'limit',
      });
    res.json({ runs: await forecasts.runs({ ...(job === undefined ? {} : { job }), limit }) });
  });

  router.get('/runs/:id', async (req, res) => {
    res.json({ run: await forecasts.run(req.params['id']!) });
  });

  router.get('/runs/:id/forecasts', async (req, res) => {
    res.json(await forecasts.runForecasts(req.params['id']!, seriesList(req)));
  });
  return router;
}

function optional(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length > 200)
    throw new AppError(400, 'INVALID_PARAMETER', `query parameter "${name}" must be one short string`, { field: name });
  return raw;
}
