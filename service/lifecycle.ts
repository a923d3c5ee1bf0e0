/**
 * Ordered start-up and shutdown of the service, on the composition root (`root.ts`). Start:
 * InfluxDB (managed or configured) and Redis when configured, tokens, catalog and spool, fixtures on
 * an empty database, the live channel, the job table and the re-fit after ingests, HTTP; the port
 * opens only once the fixtures are in, so a client that gets an answer gets them too; then the
 * jobs fire (a missed or first run goes on in the background) and the spool replays. Stop: stop
 * accepting and let requests under way finish, one more try at the spool, then the root closes the
 * rest, the last started first: the re-fit and the job table, mail and fit workers, the live
 * channel, the connections, Redis, and a managed influxd last.
 */
import http from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { SeriesCatalog } from '../ingest/series-catalog.js';
import type { AlertEvaluator } from './alerts/evaluator.js';
import type { AlertNotifier } from './alerts/notifier.js';
import type { Authenticator } from './auth/authenticator.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { ForecastReader } from './forecasts/forecast-reader.js';
import { apiRouters } from './http/api-routers.js';
import { buildApp } from './http/app.js';
import { dashboardHandler } from './http/dashboard.js';
import { trackInFlight } from './http/in-flight.js';
import type { Ingestor } from './ingestor.js';
import type { Timers } from './jobs/refit-debouncer.js';
import type { JobRegistry } from './jobs/registry.js';
import { FORECAST_JOB } from './jobs/refit-job.js';
import type { Scheduler } from './jobs/scheduler.js';
import { attachLiveChannel, type LiveChannel } from './live/live-channel.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import type { Mailer } from './report/mailer.js';
import { remoteActuals } from './reviews/remote-actuals.js';
import { Root, type Notifications, type Reports } from './root.js';
import type { SeriesReader } from './series-reader.js';
import { ping } from './storage/local-influxd.js';
import { SpoolReplayer } from './storage/spool-replayer.js';
import type { Spool, SpoolGauge } from './storage/spool.js';

export interface RunningService {
  /** Where the dashboard and API are served, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly influxUrl: string;
  readonly catalog: SeriesCatalog;
  readonly ingestor: Ingestor;
  readonly reader: SeriesReader;
  /** The express app, for tests that walk its routes. */
  readonly app: Express;
  /** The job table (the forecast re-fit and every report); `jobs.idle()` waits for every run under way. */
  readonly jobs: JobRegistry;
  readonly forecasts: ForecastReader;
  /** The socket.io live channel. */
  readonly live: LiveChannel;
  /** Emailed reports: their catalog, the sender and the send log. */
  readonly reports: Reports;
  /** Alert notification channels and the notifier (the AlertNotifier port). */
  readonly notifications: Notifications;
  /** Alerts and their evaluator; `alerts.idle()` waits for the evaluations under way. */
  readonly alerts: AlertEvaluator;
  /** Rows waiting for InfluxDB in the durable spool: `spool.depth()` gives records, rows, bytes, oldest. */
  readonly spool: SpoolGauge;
  /** Drains the spool; `replayer.drain()` tries now and resolves true once nothing waits. */
  readonly replayer: SpoolReplayer;
  readonly authenticator: Authenticator;
  readonly metrics: Metrics;
  /** The admin token generated on this first start (no PULSECAST_ADMIN_TOKEN, none stored): print it once. */
  readonly generatedAdminToken: string | null;
  stop(): Promise<void>;
}

export interface ServiceDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  /** What fires scheduled jobs; node-cron unless a test fires them by hand. */
  readonly scheduler?: Scheduler;
  /** Timers of the debounced re-fit; the system's unless a test drives them. */
  readonly timers?: Timers;
  /** The report mailer; SMTP from the configuration unless a test passes one. */
  readonly mailer?: Mailer;
  /** Waits between report SMTP attempts; a timer unless a test drives it. */
  readonly mailWait?: (ms: number) => Promise<void>;
  /** Where alert transitions go; the root's own unless a test records them. */
  readonly alertNotifier?: AlertNotifier;
}

/** A spool this deep, or rows waiting this long while InfluxDB answers, makes the instance not ready. */
const SPOOL_MAX_ROWS = 5_000_000;
const SPOOL_STUCK_MS = 10 * 60_000;
/** A job run longer than this is reported as stuck by /readyz. */
const JOB_STUCK_MS = 60 * 60_000;
/** How long shutdown waits for requests under way before cutting their connections (ms). */
const SHUTDOWN_GRACE_MS = 30_000;

export async function startService(deps: ServiceDeps): Promise<RunningService> {
  const root = new Root({ ...deps, role: 'service' });
  try {
    return await assemble(root);
  } catch (error) {
    await root.close();
    throw error;
  }
}

async function assemble(root: Root): Promise<RunningService> {
  const { config, logger, clock } = root;
  const influx = await root.influx();
  // Several instances share Redis when it is configured: fail here, before anything else starts, when it is unreachable.
  const cluster = await root.cluster();
  const metrics = new Metrics();
  countIngestsAndEmails(root, metrics);
  const authenticator = await root.tokens();
  const generatedAdminToken = await authenticator.init();
  const [catalog, spool, ingestor, reader] = [
    await root.seriesCatalog(),
    await root.spool(),
    await root.ingestor(),
    await root.seriesReader(),
  ];
  const fixtures = await root.fixtures();
  // Built in the background; the first reads of the overview wait for it.
  const overview = await root.overview();
  overview.start();
  if (fixtures)
    logger.info(
      { accepted: fixtures.accepted, rejected: fixtures.rejected, conflicts: fixtures.conflicts.length },
      'loaded fixtures into the empty database',
    );
  const web = httpServer(root);
  const live = await attachLive(root, web.server, metrics, authenticator);
  root.alertsChanged.connect((alerts) => metrics.countFiring(alerts));
  const alerts = await root.alerts();
  const [jobs, forecasts, reports, notifications] = [
    await root.jobs(),
    await root.forecasts(),
    await root.reports(),
    await root.notifications(),
  ];
  jobs.onFinished((record) => {
    // A new forecast changes the odds of reaching each target.
    if (record.job === FORECAST_JOB && record.seriesFitted > 0)
      alerts.evaluateTargets().catch(() => {
        // Logged by the evaluator; the next run or target change tries again.
      });
    metrics.jobRuns.inc({ job: record.job, status: record.status });
    if (record.durationMs !== null) metrics.jobSeconds.observe({ job: record.job }, record.durationMs / 1000);
  });
  // The live channel and the re-fit hear of stored changes from here on: the fixtures are fitted
  // by the first run, not once per chunk.
  const refits = config.refitDebounceMs > 0 ? await root.refits() : null;
  root.storing.connect((months, batch) => alerts.noteStoring(months, batch));
  root.stored.connect((change) => {
    // The alerts hook: it notes what changed and returns; the evaluation follows on its own.
    alerts.noteStored(change);
    for (const [series, months] of change.months) root.publisher.actuals({ series, months, batch: change.batch });
    refits?.addAll(change.months);
  });
  const app = buildApp({
    logger,
    clock,
    ingestor,
    reader,
    overview,
    maxBodyBytes: config.maxBodyBytes,
    dashboard: dashboardHandler(),
    apiRouters: apiRouters({
      forecasts,
      jobs,
      reports,
      notifications,
      spool,
      clock,
      reviews: await root.conflictReviews(),
      alerts: {
        alerts,
        silences: await root.alertSilences(),
        rules: await root.alertRules(),
        targets: await root.alertTargets(),
        seriesExists: (id) => catalog.get(id) !== undefined,
      },
    }),
    authenticator,
    metrics,
    publicRead: config.publicRead,
    authFailuresPerMinute: config.authFailuresPerMinute,
    writeRatePerMinute: config.writeRatePerMinute,
    corsOrigins: config.corsOrigins,
    readiness: () =>
      readiness({ influx: () => ping(influx.url), redis: cluster && (() => cluster.answers()), spool, jobs, clock }),
  });
  const requests = trackInFlight(web.server);
  web.server.on('request', app);
  const url = await listen(web.server, config);
  root.listeningOn(Number(new URL(url).port));
  // Notifications a previous run owed go out once the port is known (no webhook may call it).
  void notifications.notifier
    .recover()
    .catch((error: unknown) => logger.error({ err: error }, 'alert outbox not read'));
  // After the port opens: a missed or first run goes on in the background.
  await jobs.start();
  // Rows an earlier run left in the spool are stored first; later rows queue behind them.
  const replayer = startReplayer(root, spool, ingestor, metrics);
  const stop = shutdown({ root, web, requests, replayer, spool });
  return {
    url,
    influxUrl: influx.url,
    catalog,
    ingestor,
    reader,
    app,
    jobs,
    forecasts,
    live,
    reports,
    alerts,
    notifications,
    authenticator,
    metrics,
    generatedAdminToken,
    spool,
    replayer,
    stop,
  };
}

function startReplayer(root: Root, spool: Spool, ingestor: Ingestor, metrics: Metrics): SpoolReplayer {
  const replayer = new SpoolReplayer({
    spool,
    clock: root.clock,
    replay: async (record) => {
      const summary = await ingestor.replay(record);
      metrics.rowsReplayed.inc(summary.accepted);
      return summary;
    },
    logger: root.logger.child({ component: 'spool-replay' }),
  });
  metrics.watchSpool(() => spool.depth().rows);
  replayer.start();
  return replayer;
}

/**
 * Graceful shutdown, once however often asked: stop accepting and let every request that arrived
 * finish (its rows stored or spooled), try the spool once while InfluxDB is still here (the rest
 * is replayed on the next start), then close the root: the last started first.
 */
function shutdown(parts: {
  root: Root;
  web: ReturnType<typeof httpServer>;
  requests: ReturnType<typeof trackInFlight>;
  replayer: SpoolReplayer;
  spool: Spool;
}): () => Promise<void> {
  const { root, web, requests, replayer, spool } = parts;
  let stopping: Promise<void> | null = null;
  return () =>
    (stopping ??= (async () => {
      const closed = web.stopAccepting();
      requests.closing();
      web.server.closeIdleConnections();
      if (!(await requests.idle(SHUTDOWN_GRACE_MS)))
        root.logger.warn({ requests: requests.count }, 'shutdown: cutting off requests still under way');
      await replayer.drain();
      await replayer.stop();
      await spool.close();
      await root.close();
      await closed;
    })());
}

function countIngestsAndEmails(root: Root, metrics: Metrics): void {
  root.ingested.connect((format, summary, seconds) => {
    metrics.rowsIngested.inc({ format }, summary.accepted);
    metrics.rowsRejected.inc({ format }, summary.rejected);
    metrics.rowsQueued.inc(summary.queued);
    metrics.ingestSeconds.observe({ format }, seconds);
  });
  root.sent.connect((record) => {
    if (record.state === 'sent' || record.state === 'failed') metrics.emails.inc({ outcome: record.state });
  });
  root.notified.connect((channel, outcome) => metrics.alertNotifications.inc({ channel, outcome }));
}

/**
 * The HTTP server, not yet listening. When the root closes, connections still open are cut and
 * the server's close awaited; `stopAccepting` is shutdown's first step.
 */
/** The longest a request may take to arrive whole. */
const UPLOAD_TIMEOUT_MS = 30 * 60_000;

function httpServer(root: Root): { server: http.Server; stopAccepting(): Promise<void> } {
  // A CSV upload is read as fast as it is stored, so a million rows on a busy machine take longer
  // than Node's default of 5 minutes for a whole request (it would cut the upload off unanswered).
  // The headers still have to arrive within Node's 60 s.
  const server = http.createServer({ requestTimeout: UPLOAD_TIMEOUT_MS });
  let closing: Promise<void> | null = null;
  const stopAccepting = () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve())));
  root.defer(async () => {
    if (!server.listening && !closing) return;
    const closed = stopAccepting();
    server.closeAllConnections();
    await closed;
  });
  return { server, stopAccepting };
}

/** Opens the port; resolves with the URL the service answers at. */
async function listen(server: http.Server, config: Config): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

/** The live channel on the HTTP server, shared with the other instances through Redis when configured. */
async function attachLive(root: Root, server: http.Server, metrics: Metrics, authenticator: Authenticator) {
  const { config, logger, clock } = root;
  const cluster = await root.cluster();
  const shared = cluster && (await import('./scale/socket-adapter.js'));
  const channel = attachLiveChannel(server, {
    clock,
    logger,
    onClientCount: (n) => metrics.liveClients.set(n),
    ...(cluster && shared ? { adapter: shared.redisStreamsAdapter(cluster.redis, cluster.keys) } : {}),
    ...(config.publicRead
      ? {}
      : { authorize: async (token: string | null) => (await authenticator.verify(token)) !== null }),
  });
  root.defer(async () => {
    await channel.close();
    if (shared) shared.closeAdapters(channel.io);
  });
  // Every instance's change log and overview hear of every instance's events.
  const overview = await root.overview();
  if (!shared) {
    root.publisher.connect(channel.publisher);
    return channel;
  }
  const actualsElsewhere = remoteActuals({
    reviews: await root.reviewStore(),
    actualsChanged: (series) => overview.actualsChanged(series),
    logger,
  });
  root.publisher.connect(
    shared.clusterPublisher(channel.io, channel.publisher, channel.changes, clock, (kind, series) => {
      if (series !== null && kind === 'actuals') actualsElsewhere(series);
      if (series !== null && kind === 'forecast') overview.forecastChanged(series);
    }),
  );
  return channel;
}

/** What /readyz answers: InfluxDB (and Redis) reachable, the spool draining, no job stuck. */
async function readiness(deps: {
  influx: () => Promise<boolean>;
  redis: (() => Promise<boolean>) | null;
  spool: SpoolGauge;
  jobs: JobRegistry;
  clock: Clock;
}): Promise<{ ready: boolean; checks: Record<string, unknown> }> {
  const { spool, jobs, clock } = deps;
  const [influxUp, redisUp] = await Promise.all([deps.influx(), deps.redis ? deps.redis() : true]);
  const depth = spool.depth();
  // Rows waiting is normal during an outage; rows still waiting long after InfluxDB is back mean the replay is stuck.
  const spoolStuck =
    influxUp && depth.oldestAcceptedAt !== null && clock.now() - depth.oldestAcceptedAt > SPOOL_STUCK_MS;
  const spoolFull = depth.rows > SPOOL_MAX_ROWS;
  const stuckJobs = jobs
    .list()
    .filter((j) => j.running !== null && clock.now() - Date.parse(j.running.startedAt) > JOB_STUCK_MS)
    .map((j) => j.name);
  const checks = {
    influxdb: influxUp ? 'reachable' : 'unreachable',
    ...(deps.redis ? { redis: redisUp ? 'reachable' : 'unreachable' } : {}),
    spool: {
      rows: depth.rows,
      records: depth.records,
      status: spoolFull ? 'full' : spoolStuck ? 'not draining' : 'ok',
    },
    jobs: stuckJobs.length ? { stuck: stuckJobs } : 'ok',
  };
  return { ready: influxUp && redisUp && !spoolFull && !spoolStuck && stuckJobs.length === 0, checks };
}
