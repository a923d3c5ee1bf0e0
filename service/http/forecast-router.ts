/**
 * Stored forecasts: GET /forecasts (newest per series), /forecasts/:id (newest with its fit
 * history), /forecasts/:id/outcomes (past forecasts against actuals). Thin: parse, read, map.
 */
import { Router, type Request } from 'express';
import { AppError } from '../errors.js';
import type { ForecastReader } from '../forecasts/forecast-reader.js';

export function forecastRouter(deps: { forecasts: ForecastReader }): Router {
  const router = Router();
  const { forecasts } = deps;

  router.get('/forecasts', async (req, res) => {
    const series = seriesList(req);
    res.json({ forecasts: await forecasts.latest(series) });
  });

  router.get('/forecasts/:id', async (req, res) => {
    res.json(await forecasts.forSeries(req.params['id']!));
  });

  router.get('/forecasts/:id/outcomes', async (req, res) => {
    res.json({ series: req.params['id'], ...(await forecasts.outcomes(req.params['id']!)) });
  });
  return router;
}

/** `?series=a,b` as a list, or undefined for every series. */
export function seriesList(req: Request): string[] | undefined {
  const raw = req.query['series'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length > 10_000)
    throw new AppError(
      400,
      'INVALID_PARAMETER',
      'query parameter "series" must be a comma-separated list of series ids',
      { field: 'series' },
    );
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
