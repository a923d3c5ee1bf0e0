/** The express app, built from injected parts; listening is the lifecycle's business. */
import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { AppError, errorMiddleware } from '../errors.js';
import type { Ingestor } from '../ingestor.js';
import type { SeriesReader } from '../series-reader.js';
import { ingestRouter } from './ingest-router.js';
import { influxCompatRouter } from './write-endpoint.js';
import { openApiDocument } from './openapi.js';
import { seriesRouter } from './series-router.js';

export interface AppDeps {
  readonly logger: Logger;
  readonly ingestor: Ingestor;
  readonly reader: SeriesReader;
  readonly maxBodyBytes: number;
  /** Extra routers mounted under /api/v1 by later parts (forecasts, jobs, reports). */
  readonly apiRouters?: readonly express.Router[];
  /** Serves the dashboard at `/`, when built. */
  readonly dashboard?: RequestHandler;
}

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.locals['requestId'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use('/api/v1', ingestRouter(deps));
  app.use('/api/v1', seriesRouter(deps));
  for (const router of deps.apiRouters ?? []) app.use('/api/v1', router);
  app.use('/', influxCompatRouter(deps));
  if (deps.dashboard) app.use('/', deps.dashboard);

  app.use((req, _res, next) => {
    next(new AppError(404, 'ROUTE_NOT_FOUND', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorMiddleware(deps.logger));
  return app;
}
