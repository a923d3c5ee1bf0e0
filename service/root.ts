/**
 * The composition root: the graph of the service, built from the configuration one small piece at
 * a time, each only when something asks for it, and once. The service asks for nearly everything
 * (`lifecycle.ts`); a command asks for what it needs (`token list` for the token store, which is
 * InfluxDB and nothing else). `close()` closes what was built, the last built first, so that a
 * piece closes before the pieces it was built from (the job table before the fit workers, those
 * before Redis, everything before the managed influxd).
 */
import path from 'node:path';
import { SeriesCatalog } from '../ingest/series-catalog.js';
import type { IngestSummary, StoredChange } from '../ingest/ingest.js';
import type { InputFormat } from '../ingest/types.js';
import { loadFixtures } from '../fixtures/load.js';
import { whatIsMissing } from '../forecasting/index.js';
import type { ForecastRequest, ForecastResult } from '../forecasting/types.js';
import { Authenticator } from './auth/authenticator.js';
import { InfluxTokenRepository } from './auth/influx-token-repository.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { ForecastReader } from './forecasts/forecast-reader.js';
import { ForecastStore } from './forecasts/forecast-store.js';
import { Ingestor } from './ingestor.js';
import { FitPool } from './jobs/fit-pool.js';
import { fillJobTable, type JobTable } from './jobs/job-table.js';
import { nodeCronScheduler } from './jobs/node-cron-scheduler.js';
import { RefitDebouncer, systemTimers, type Timers } from './jobs/refit-debouncer.js';
import { JobRegistry } from './jobs/registry.js';
import { InfluxRunLog } from './jobs/run-log.js';
import type { Scheduler } from './jobs/scheduler.js';
import { PublisherRelay } from './live/publisher.js';
import type { Logger } from './logger.js';
import { OverviewIndex } from './overview/overview-index.js';
import { Relay } from './relay.js';
import { smtpMailer, type Mailer } from './report/mailer.js';
import { defaultReportsFile, readReportsFile, ReportCatalog } from './report/report-catalog.js';
import { InfluxReportDefStore } from './report/report-def-store.js';
import { ReportSender } from './report/report-sender.js';
import { storedRunSource } from './report/report-source.js';
import { InfluxSendLog, type SendLog, type SendRecord } from './report/send-log.js';
import { SeriesReader } from './series-reader.js';
import { InfluxSeriesStore } from './storage/influx-store.js';
import { configuredConnection, connectConfiguredInflux, openInflux } from './storage/open-influx.js';
import { InfluxLineWriter } from './storage/line-writer.js';
import { Spool } from './storage/spool.js';

/**
 * A service owns the data folder's spool, joins the other instances on Redis and fires the job
 * table; a command does none of that (the spool and the slots belong to the running service).
 */
export type Role = 'service' | 'command';

export interface RootOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly role: Role;
  /** Fires the job table's slots; node-cron, or BullMQ on Redis, unless a test fires them by hand. */
  readonly scheduler?: Scheduler;
  /** Timers of the debounced re-fit; the system's unless a test drives them. */
  readonly timers?: Timers;
  /** The report mailer; SMTP from the configuration unless a test passes one. */
  readonly mailer?: Mailer;
  /** Waits between report SMTP attempts; a timer unless a test drives it. */
  readonly mailWait?: (ms: number) => Promise<void>;
}

/** Where the forecasting engine runs: this process's fit threads, or the instances' shared queue. */
export interface Fits {
  forecast(request: ForecastRequest): Promise<ForecastResult>;
  /** Series a run fits at once: more only pays when fits run on other instances too. */
  readonly concurrency: number;
}

export interface Reports {
  readonly catalog: ReportCatalog;
  readonly sender: ReportSender;
  readonly log: SendLog;
}

export class Root {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  /** What jobs announce (runs, forecasts, actuals): silent until the service connects the live channel. */
  readonly publisher = new PublisherRelay();
  /** Every change an ingest stored; the service connects the live channel and the re-fit once started. */
  readonly stored = new Relay<[StoredChange]>();
  /** Every finished ingest batch (metrics). */
  readonly ingested = new Relay<[InputFormat, IngestSummary, number]>();
  /** Every report send record written (metrics, a command's progress lines). */
  readonly sent = new Relay<[SendRecord]>();
  private readonly closers: (() => Promise<void>)[] = [];

  constructor(private readonly options: RootOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.clock = options.clock;
  }

  /** The InfluxDB of the configuration, or the managed one (started, or attached to when running). */
  readonly influx = this.piece(
    () => openInflux(this.config, this.logger),
    (influx) => influx.managed?.stop(),
  );

  /** Redis shared with the other instances; null for one instance (nothing of service/scale/ is loaded then). */
  readonly cluster = this.piece(
    async () =>
      this.options.role === 'service' && this.config.redisUrl
        ? (await import('./scale/redis.js')).joinCluster(this.config.redisUrl, this.config.redisPrefix, this.logger)
        : null,
    (cluster) =>
      cluster?.redis.quit().then(
        () => {},
        () => cluster.redis.disconnect(),
      ),
  );

  readonly client = this.piece(async () => connectConfiguredInflux(this.config, (await this.influx()).url));
  /** Line protocol to the same database on kept-alive connections: the figures' hot write path. */
  readonly lineWriter = this.piece(
    async () => new InfluxLineWriter(configuredConnection(this.config, (await this.influx()).url)),
    (writer) => writer.close(),
  );
  readonly seriesStore = this.piece(async () => new InfluxSeriesStore(await this.client(), await this.lineWriter()));
  readonly seriesCatalog = this.piece(async () => SeriesCatalog.load(await this.seriesStore()));
  readonly seriesReader = this.piece(
    async () => new SeriesReader(await this.seriesStore(), await this.seriesCatalog()),
  );

  /**
   * The overview's rows in memory, built from the store once started and kept current by stored
   * ingests and stored forecasts.
   */
  readonly overview = this.piece(async () => {
    const [store, catalog, forecasts] = [
      await this.seriesStore(),
      await this.seriesCatalog(),
      await this.forecastStore(),
    ];
    const index = new OverviewIndex({
      catalog,
      readFigures: (series) => store.readFigures({ series }),
      latestForecasts: (series) => forecasts.latest(series),
      logger: this.logger.child({ component: 'overview' }),
    });
    this.stored.connect((change) => index.actualsChanged(change.months.keys()));
    this.publisher.watchForecasts((series) => index.forecastChanged(series));
    return index;
  });

  /** API tokens; `init()` is the service's (it may generate the first admin token). */
  readonly tokens = this.piece(
    async () => new Authenticator(new InfluxTokenRepository(await this.client()), this.clock, this.config.adminToken),
  );

  /** The durable spool in the data folder: the service's alone. */
  readonly spool = this.piece(
    () => Spool.open(path.join(this.config.dataDir, 'spool'), this.clock, this.logger.child({ component: 'spool' })),
    (spool) => spool.close(),
  );

  readonly ingestor = this.piece(
    async () =>
      new Ingestor({
        store: await this.seriesStore(),
        catalog: await this.seriesCatalog(),
        clock: this.clock,
        onStored: this.stored.emit,
        onFinished: this.ingested.emit,
        ...(this.options.role === 'service' ? { spool: await this.spool() } : {}),
      }),
  );

  /** Loads the fixtures into a database without series, when the configuration says so; null when not. */
  readonly fixtures = this.piece(async () => {
    const catalog = await this.seriesCatalog();
    if (!this.config.loadFixtures || catalog.list().length > 0) return null;
    return loadFixtures({ ingestor: await this.ingestor(), catalog });
  });

  readonly forecastStore = this.piece(async () => new ForecastStore(await this.client()));
  /** Every run of every job. */
  readonly runLog = this.piece(async () => new InfluxRunLog(await this.client()));
  readonly forecasts = this.piece(async () => {
    const reader = await this.seriesReader();
    return new ForecastReader(
      await this.forecastStore(),
      await this.runLog(),
      (id) => reader.meta(id),
      async (id) => whatIsMissing((await reader.monthlyValues(id)).values.filter((v) => !Number.isNaN(v)).length),
    );
  });

  readonly fits = this.piece(
    () => this.buildFits(),
    (fits) => fits.close(),
  );

  readonly scheduler = this.piece(
    () => this.buildScheduler(),
    (scheduler) => scheduler.close?.(),
  );

  readonly reports = this.piece(
    () => this.buildReports(),
    (reports) => reports.mailer.close(),
  );

  /** The job table: the forecast re-fit and every report, not yet firing (the service starts it). */
  readonly jobs = this.piece(async () => (await this.table()).registry);

  /** The re-fit of the series an ingest changed, a moment after it. */
  readonly refits = this.piece(
    async () => {
      const { forecast } = await this.table();
      const ingestor = await this.ingestor();
      return new RefitDebouncer({
        delayMs: this.config.refitDebounceMs,
        timers: this.options.timers ?? systemTimers,
        refit: (scope) => forecast.run('ingest', { scope }),
        busy: () => ingestor.busy(),
        inProgress: () => forecast.inProgress(),
      });
    },
    (refits) => refits.stop(),
  );

  private readonly table = this.piece(
    () => this.buildTable(),
    (table) => table.close(),
  );

  /** Runs `close` when the root closes, before everything built so far. */
  defer(close: () => unknown): void {
    this.closers.push(async () => {
      await close();
    });
  }

  /** Closes every piece built, the last built first; a piece that fails to close does not stop the others. */
  async close(): Promise<void> {
    while (this.closers.length > 0) {
      try {
        await this.closers.pop()!();
      } catch (error) {
        this.logger.error({ err: error }, 'a part of the service did not close cleanly');
      }
    }
  }

  /** A piece built on first call and kept; its closer is queued once it is built. */
  private piece<T>(build: () => Promise<T>, close?: (value: T) => unknown): () => Promise<T> {
    let built: Promise<T> | null = null;
    return () =>
      (built ??= build().then((value) => {
        if (close) this.defer(() => close(value));
        return value;
      }));
  }

  private async buildFits(): Promise<Fits & { close(): Promise<void> }> {
    const pool = new FitPool();
    const cluster = await this.cluster();
    const queue = cluster
      ? new (await import('./scale/refit-queue.js')).RefitQueue({
          ...cluster,
          fit: (request) => pool.forecast(request),
          fitsAtOnce: pool.size,
          lockMs: this.config.jobLockMs,
        })
      : null;
    return {
      forecast: (request) => (queue ?? pool).forecast(request),
      // Twice the threads: while one series is fitted, the next is read and its earlier forecasts scored.
      concurrency: queue ? this.config.refitInFlight : 2 * pool.size,
      close: async () => {
        await queue?.close();
        await pool.close();
      },
    };
  }

  private async buildScheduler(): Promise<Scheduler & { close?(): Promise<void> }> {
    if (this.options.scheduler) return this.options.scheduler;
    const cluster = await this.cluster();
    if (!cluster) return nodeCronScheduler(this.clock);
    const { BullmqScheduler } = await import('./scale/bullmq-scheduler.js');
    return new BullmqScheduler({ ...cluster, lockMs: this.config.jobLockMs });
  }

  private async buildReports(): Promise<Reports & { mailer: Mailer }> {
    const { config, clock } = this;
    const client = await this.client();
    const log = new InfluxSendLog(client);
    const catalog = await ReportCatalog.load({
      store: new InfluxReportDefStore(client),
      clock,
      fileReports: await readReportsFile(config.reportsFile ?? defaultReportsFile()),
    });
    const mailer =
      this.options.mailer ??
      smtpMailer({
        host: config.smtpHost,
        port: config.smtpPort,
        secure: config.smtpSecure,
        user: config.smtpUser,
        password: config.smtpPassword,
      });
    const sender = new ReportSender({
      clock,
      log,
      mailer,
      source: storedRunSource({ reader: await this.seriesReader(), forecasts: await this.forecasts() }),
      from: config.smtpFrom,
      retry: { attempts: config.smtpAttempts, baseDelayMs: config.smtpRetryBaseMs, maxDelayMs: 5 * 60_000 },
      logger: this.logger.child({ component: 'reports' }),
      onRecord: this.sent.emit,
      ...(this.options.mailWait ? { wait: this.options.mailWait } : {}),
    });
    return { catalog, sender, log, mailer };
  }

  private async buildTable(): Promise<JobTable> {
    const { config, clock, publisher } = this;
    const logger = this.logger.child({ component: 'jobs' });
    const registry = new JobRegistry({
      clock,
      runLog: await this.runLog(),
      publisher,
      logger,
      scheduler: await this.scheduler(),
    });
    const [catalog, reader, fits] = [await this.seriesCatalog(), await this.seriesReader(), await this.fits()];
    return fillJobTable(registry, {
      refit: {
        schedule: { cron: config.forecastCron, timezone: config.forecastTimezone },
        seriesIds: async () => catalog.list().map((m) => m.id),
        monthlyValues: (id) => reader.monthlyValues(id),
        forecast: (request) => fits.forecast(request),
        concurrency: fits.concurrency,
        store: await this.forecastStore(),
        publisher,
        clock,
        logger,
      },
      reports: await this.reports(),
    });
  }
}
