/**
 * Ordered start-up and shutdown. Start: InfluxDB (managed or configured), catalog, fixtures on an
 * empty database, HTTP; the port opens only once the fixtures are in, so a client that gets an
 * answer gets them too. Stop: close HTTP (finishing in-flight requests), then a managed influxd last.
 */
import http from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SeriesCatalog } from '../ingest/series-catalog.js';
import { loadFixtures } from '../fixtures/load.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { Ingestor } from './ingestor.js';
import type { Logger } from './logger.js';
import { SeriesReader } from './series-reader.js';
import { connectInflux, InfluxSeriesStore } from './storage/influx-store.js';
import { startManagedInfluxd, type ManagedInfluxd } from './storage/local-influxd.js';
import { dashboardHandler } from './http/dashboard.js';
import type { StoredChange } from '../ingest/ingest.js';
import { attachLiveChannel, type LiveChannel } from './live/live-channel.js';
import { forecastingPart } from './jobs/forecasting-part.js';
import type { JobRegistry } from './jobs/registry.js';
import type { Scheduler } from './jobs/scheduler.js';
import type { Timers } from './jobs/refit-debouncer.js';
import type { ForecastReader } from './forecasts/forecast-reader.js';
import { reportingPart, type ReportingPart } from './report/reporting-part.js';
import { sendAsJobResult } from './report/send-events.js';
import type { Mailer } from './report/mailer.js';
import { Spool, type SpoolGauge } from './storage/spool.js';
import { SpoolReplayer } from './storage/spool-replayer.js';
import { trackInFlight } from './http/in-flight.js';
import { Authenticator } from './auth/authenticator.js';
import { InfluxTokenRepository } from './auth/influx-token-repository.js';
import { Metrics } from './metrics.js';
import { statusRouter } from './http/status-router.js';
import { ping } from './storage/local-influxd.js';
import type { ScalePart } from './scale/scale-part.js';

export interface RunningService {
  /** Where the dashboard and API are served, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly influxUrl: string;
  readonly catalog: SeriesCatalog;
  readonly ingestor: Ingestor;
  readonly reader: SeriesReader;
  /** The express app, for tests that walk its routes. */
  readonly app: Express;
  /** The job table (the forecast job); `jobs.idle()` waits for runs started by the schedule or catch-up. */
  readonly jobs: JobRegistry;
  readonly forecasts: ForecastReader;
  /** The socket.io live channel. */
  readonly live: LiveChannel;
  /** Emailed reports: catalog, sender, send log, schedule (`reports.schedule.idle()` waits for sends). */
  readonly reports: ReportingPart;
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

/** A spool this deep, or rows waiting this long while InfluxDB answers, makes the instance not ready. */
const SPOOL_MAX_ROWS = 5_000_000;
const SPOOL_STUCK_MS = 10 * 60_000;
/** A job run longer than this is reported as stuck by /readyz. */
const JOB_STUCK_MS = 60 * 60_000;

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
}

/** How long shutdown waits for requests under way before cutting their connections (ms). */
const SHUTDOWN_GRACE_MS = 30_000;

/** The InfluxDB the configuration names, or the managed one in the data folder. */
export async function openInflux(
  config: Config,
  logger: Logger,
): Promise<{ url: string; managed: ManagedInfluxd | null }> {
  if (config.influxUrl) return { url: config.influxUrl, managed: null };
  const managed = await startManagedInfluxd({ dir: path.join(config.dataDir, 'influxdb'), detached: true });
  logger.info(
    { url: managed.url, reused: managed.reused },
    managed.reused ? 'using the managed influxd already running' : 'started managed influxd',
  );
  return { url: managed.url, managed };
}

/** The client for the configured database and credentials on the InfluxDB at `url`. */
export function connectConfiguredInflux(config: Config, url: string): ReturnType<typeof connectInflux> {
  return connectInflux({
    url,
    database: config.influxDatabase,
    ...(config.influxUsername !== undefined
      ? { username: config.influxUsername, password: config.influxPassword ?? '' }
      : {}),
  });
}

export async function startService(deps: ServiceDeps): Promise<RunningService> {
  const { config, logger, clock } = deps;
  const influx = await openInflux(config, logger);
  // Several instances share Redis when it is configured; loaded only then, so one instance never needs it.
  let scale: ScalePart | null = null;
  const stopInflux = async () => {
    await scale?.close();
    await influx.managed?.stop();
  };
  try {
    if (config.redisUrl) scale = await (await import('./scale/scale-part.js')).startScale(config, logger);
    const client = await connectConfiguredInflux(config, influx.url);
    const store = new InfluxSeriesStore(client);
    const metrics = new Metrics();
    const authenticator = new Authenticator(new InfluxTokenRepository(client), clock, config.adminToken);
    const generatedAdminToken = await authenticator.init();
    const catalog = await SeriesCatalog.load(store);
    // The live channel and the re-fit hear of stored changes once start-up is done: the fixtures
    // are fitted by the first run, not once per chunk.
    let afterStore: (change: StoredChange) => void = () => {};
    const spool = await Spool.open(path.join(config.dataDir, 'spool'), logger.child({ component: 'spool' }));
    const ingestor = new Ingestor({
      store,
      catalog,
      clock,
      spool,
      onStored: (change) => afterStore(change),
      onFinished: (format, summary, seconds) => {
        metrics.rowsIngested.inc({ format }, summary.accepted);
        metrics.rowsRejected.inc({ format }, summary.rejected);
        metrics.rowsQueued.inc(summary.queued);
        metrics.ingestSeconds.observe({ format }, seconds);
      },
    });
    const reader = new SeriesReader(store, catalog);
    if (config.loadFixtures && catalog.list().length === 0) {
      const summary = await loadFixtures({ ingestor, catalog });
      logger.info(
        { accepted: summary.accepted, rejected: summary.rejected, conflicts: summary.conflicts.length },
        'loaded fixtures into the empty database',
      );
    }
    const server = http.createServer();
    const live = attachLiveChannel(server, {
      clock,
      logger,
      onClientCount: (n) => metrics.liveClients.set(n),
      ...(scale ? { adapter: scale.adapter } : {}),
      ...(config.publicRead
        ? {}
        : { authorize: async (token: string | null) => (await authenticator.verify(token)) !== null }),
    });
    const basePublisher = scale ? scale.publisher(live, clock) : live.publisher;
    // Every job result (forecast runs, report sends) passes here on its way to the dashboards.
    const publisher: typeof basePublisher = {
      actuals: (change) => basePublisher.actuals(change),
      forecast: (change) => basePublisher.forecast(change),
      jobProgress: (progress) => basePublisher.jobProgress(progress),
      jobResult: (record) => {
        if (record.status !== 'running') {
          metrics.jobRuns.inc({ job: record.job, status: record.status });
          if (record.durationMs !== null) metrics.jobSeconds.observe({ job: record.job }, record.durationMs / 1000);
        }
        basePublisher.jobResult(record);
      },
    };
    const scheduler = deps.scheduler ?? scale?.scheduler;
    const forecasting = forecastingPart({
      client,
      catalog,
      reader,
      config,
      clock,
      logger,
      publisher,
      ingestBusy: () => ingestor.busy(),
      ...(scheduler ? { scheduler } : {}),
      ...(deps.timers ? { timers: deps.timers } : {}),
      ...(scale ? { spreadFits: scale.spreadFits } : {}),
    });
    afterStore = (change) => forecasting.onStored(change);
    const reports = await reportingPart({
      client,
      reader,
      forecasts: forecasting.forecasts,
      config,
      clock,
      logger,
      onRecord: (record) => {
        if (record.state === 'sent' || record.state === 'failed') metrics.emails.inc({ outcome: record.state });
        publisher.jobResult(sendAsJobResult(record));
      },
      ...(scheduler ? { scheduler } : {}),
      ...(deps.mailer ? { mailer: deps.mailer } : {}),
      ...(deps.mailWait ? { wait: deps.mailWait } : {}),
    });
    const app = buildApp({
      logger,
      ingestor,
      reader,
      maxBodyBytes: config.maxBodyBytes,
      dashboard: dashboardHandler(),
      apiRouters: [...forecasting.routers, reports.router, statusRouter({ spool, jobs: forecasting.jobs })],
      authenticator,
      metrics,
      publicRead: config.publicRead,
      authFailuresPerMinute: config.authFailuresPerMinute,
      writeRatePerMinute: config.writeRatePerMinute,
      corsOrigins: config.corsOrigins,
      readiness: async () => {
        const [influxUp, redisUp] = await Promise.all([ping(influx.url), scale ? scale.ping() : true]);
        const depth = spool.depth();
        // Rows waiting is normal during an outage; rows still waiting long after InfluxDB is back mean the replay is stuck.
        const spoolStuck =
          influxUp && depth.oldestAcceptedAt !== null && clock.now() - depth.oldestAcceptedAt > SPOOL_STUCK_MS;
        const spoolFull = depth.rows > SPOOL_MAX_ROWS;
        const stuckJobs = forecasting.jobs
          .list()
          .filter((j) => j.running !== null && clock.now() - Date.parse(j.running.startedAt) > JOB_STUCK_MS)
          .map((j) => j.name);
        const checks = {
          influxdb: influxUp ? 'reachable' : 'unreachable',
          ...(scale ? { redis: redisUp ? 'reachable' : 'unreachable' } : {}),
          spool: {
            rows: depth.rows,
            records: depth.records,
            status: spoolFull ? 'full' : spoolStuck ? 'not draining' : 'ok',
          },
          jobs: stuckJobs.length ? { stuck: stuckJobs } : 'ok',
        };
        return { ready: influxUp && redisUp && !spoolFull && !spoolStuck && stuckJobs.length === 0, checks };
      },
    });
    const requests = trackInFlight(server);
    server.on('request', app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}`;
    // After the port opens: a missed or first forecast run goes on in the background.
    await forecasting.jobs.start();
    await reports.schedule.start();
    // Rows an earlier run left in the spool are stored first; later rows queue behind them.
    const replayer = new SpoolReplayer({
      spool,
      replay: async (record) => {
        const summary = await ingestor.replay(record);
        metrics.rowsReplayed.inc(summary.accepted);
        return summary;
      },
      logger: logger.child({ component: 'spool-replay' }),
    });
    metrics.watchSpool(() => spool.depth().rows);
    replayer.start();
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        // Stop accepting; every request that arrived finishes (its rows stored or spooled) first.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        requests.closing();
        server.closeIdleConnections();
        if (!(await requests.idle(SHUTDOWN_GRACE_MS)))
          logger.warn({ requests: requests.count }, 'shutdown: cutting off requests still under way');
        // One attempt to store what waits while InfluxDB is still here; the rest is replayed on the next start.
        await replayer.drain();
        await replayer.stop();
        await spool.close();
        await reports.stop();
        await forecasting.stop();
        await live.close();
        server.closeAllConnections();
        await closed;
        await stopInflux();
      })();
      return stopping;
    };
    return {
      url,
      influxUrl: influx.url,
      catalog,
      ingestor,
      reader,
      app,
      jobs: forecasting.jobs,
      forecasts: forecasting.forecasts,
      live,
      reports,
      authenticator,
      metrics,
      generatedAdminToken,
      spool,
      replayer,
      stop,
    };
  } catch (error) {
    await stopInflux();
    throw error;
  }
}
