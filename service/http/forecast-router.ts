/**
 * Stored forecasts: GET /forecasts (newest per series), /forecasts/:id (newest with its fit
 * history), /forecasts/:id/outcomes (past forecasts against actuals). Thin: parse, read, map.
 */
import { Router } from 'express';
import { forecastEndpoints as api } from '../contract/index.js';
import type { ForecastReader } from '../forecasts/forecast-reader.js';
import { route } from './route.js';

export function forecastRouter(deps: { forecasts: ForecastReader }): Router {
  const router = Router();
  const { forecasts } = deps;

  route(router, api.listForecasts, async ({ query }) => ({
    status: 200,
    body: { forecasts: await forecasts.latest(query.series) },
  }));

  route(router, api.getForecast, async ({ params }) => ({ status: 200, body: await forecasts.forSeries(params.id) }));

  route(router, api.getOutcomes, async ({ params }) => ({
    status: 200,
    body: { series: params.id, ...(await forecasts.outcomes(params.id)) },
  }));
  return router;
}
