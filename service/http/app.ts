/** The express app, built from injected parts; listening is the lifecycle's business. */
import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { AppError, errorMiddleware } from '../errors.js';
import type { Ingestor } from '../ingestor.js';
import type { OverviewIndex } from '../overview/overview-index.js';
import type { SeriesReader } from '../series-reader.js';
import { ingestRouter } from './ingest-router.js';
import { influxCompatRouter } from './write-endpoint.js';
import { openApiDocument } from './openapi.js';
import { seriesRouter } from './series-router.js';
import cors from 'cors';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Authenticator } from '../auth/authenticator.js';
import type { Metrics } from '../metrics.js';
import { authMiddleware, writeRateLimit } from './auth-middleware.js';
import { tokensRouter } from './tokens-router.js';

export interface AppDeps {
  readonly logger: Logger;
  /** The time of day, for the failed-authentication window. */
  readonly clock: Clock;
  readonly ingestor: Ingestor;
  readonly reader: SeriesReader;
  /** The overview's rows in memory, which `GET /series` pages through. */
  readonly overview: OverviewIndex;
  readonly maxBodyBytes: number;
  /** Extra routers mounted under /api/v1 by later parts (forecasts, jobs, reports). */
  readonly apiRouters?: readonly express.Router[];
  /** Serves the dashboard at `/`, when built. */
  readonly dashboard?: RequestHandler;
  readonly authenticator: Authenticator;
  readonly metrics: Metrics;
  /** Reads without a token (PULSECAST_PUBLIC_READ). */
  readonly publicRead: boolean;
  readonly authFailuresPerMinute: number;
  readonly writeRatePerMinute: number;
  /** Browser origins allowed to call the API; empty: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
  /** What /readyz reports: ready only when every check passes. */
  readonly readiness: () => Promise<{ ready: boolean; checks: Record<string, unknown> }>;
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
    res.on('finish', () => deps.metrics.httpRequests.inc({ status: `${Math.floor(res.statusCode / 100)}xx` }));
    next();
  });
  app.use(
    pinoHttp({
      logger: deps.logger.child({ component: 'http' }),
      genReqId: (_req, res) => String(res.getHeader('X-Request-Id')),
      // Credentials never reach the logs.
      redact: ['req.headers.authorization', 'req.query.p'],
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug',
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // uPlot positions its legend and cursor with style attributes.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // Served over plain HTTP on a LAN as often as behind TLS; HSTS belongs to the TLS terminator.
      strictTransportSecurity: false,
    }),
  );
  if (deps.corsOrigins.length > 0)
    app.use(cors({ origin: [...deps.corsOrigins], allowedHeaders: ['Authorization', 'Content-Type'] }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await deps.readiness();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  // The page shell and its bundle hold no figures (those come from the API, which checks the
  // token), so they load without one: with reads closed that is how the page can ask for it.
  const dashboard = deps.dashboard;
  if (dashboard) app.use((req, res, next) => (req.path.startsWith('/api/') ? next() : dashboard(req, res, next)));
  app.use(
    ...authMiddleware({
      authenticator: deps.authenticator,
      publicRead: deps.publicRead,
      failuresPerMinute: deps.authFailuresPerMinute,
      now: () => deps.clock.now(),
    }),
  );
  app.use(writeRateLimit(deps.writeRatePerMinute));
  app.use('/api/v1', tokensRouter(deps));
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  app.use('/api/v1', ingestRouter(deps));
  app.use('/api/v1', seriesRouter(deps));
  for (const router of deps.apiRouters ?? []) app.use('/api/v1', router);
  app.use('/', influxCompatRouter(deps));

  app.use((req, _res, next) => {
    next(new AppError(404, 'ROUTE_NOT_FOUND', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorMiddleware(deps.logger));
  return app;
}
