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
import { forecastNeeds } from './forecasts/fit-input.js';
import type { ForecastRequest, ForecastResult } from '../forecasting/types.js';
import {
  ChannelCatalog,
  InfluxChannelStore,
  readAlertChannelsFile,
  type ChannelSpec,
} from './alerts/channel-catalog.js';
import type { AlertChannel } from './alerts/channels/channel.js';
import { dashboardChannel } from './alerts/channels/dashboard.js';
import { emailChannel } from './alerts/channels/email.js';
import { webhookChannel } from './alerts/channels/webhook.js';
import { LocalClaims } from './alerts/claims.js';
import { AlertDispatcher, type NotificationOutcome } from './alerts/dispatcher.js';
import { InfluxOutbox } from './alerts/outbox.js';
import type { ServiceAddress } from './alerts/self-url.js';
import type { AlertState } from '../alerting/state-machine.js';
import { channelsFor } from '../alerting/rules.js';
import { AlertFacts } from './alerts/alert-facts.js';
import { AlertStore } from './alerts/alert-store.js';
import { AlertEvaluator, type TargetOdds } from './alerts/evaluator.js';
import type { AlertNotifier } from './alerts/notifier.js';
import { RuleSet } from './alerts/rule-set.js';
import { defaultAlertsFile, readAlertRules } from './alerts/rules-file.js';
import { Silences } from './alerts/silences.js';
import { Targets } from './alerts/targets.js';
import { ConflictReviews } from './reviews/conflict-reviews.js';
import { ReviewStore } from './reviews/review-store.js';
import { Authenticator } from './auth/authenticator.js';
import { InfluxTokenRepository } from './auth/influx-token-repository.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { packageConfigFile } from './package-files.js';
import { ForecastReader } from './forecasts/forecast-reader.js';
import { ForecastedSeries } from './forecasts/forecasted-series.js';
import { ForecastStore } from './forecasts/forecast-store.js';
import { Ingestor } from './ingestor.js';
import { StoredEnds } from '../ingest/stored-ends.js';
import { engineFingerprint } from './jobs/fit-fingerprint.js';
import { FitPool } from './jobs/fit-pool.js';
import { fillJobTable, type JobTable } from './jobs/job-table.js';
import { nodeCronScheduler } from './jobs/node-cron-scheduler.js';
import { RefitDebouncer, systemTimers, type Timers } from './jobs/refit-debouncer.js';
import { JobRegistry } from './jobs/registry.js';
import { seedOf } from './jobs/refit-job.js';
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
import { FitRequests } from './forecasts/fit-request.js';
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
  /** Where alert transitions go; the root's own unless a test records them. */
  readonly alertNotifier?: AlertNotifier;
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

/** Alert notifications: the channels, and the notifier the alert evaluator hands transitions to. */
export interface Notifications {
  readonly channels: ChannelCatalog;
  readonly notifier: AlertDispatcher;
}

export class Root {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  /** What jobs announce (runs, forecasts, actuals): silent until the service connects the live channel. */
  readonly publisher = new PublisherRelay();
  /** Every change an ingest stored; the service connects the live channel and the re-fit once started. */
  readonly stored = new Relay<[StoredChange]>();
  /** The series and months an ingest's write is about to change (it may yet fail). */
  readonly storing = new Relay<[ReadonlyMap<string, readonly string[]>, string]>();
  /** Every finished ingest batch (metrics). */
  readonly ingested = new Relay<[InputFormat, IngestSummary, number]>();
  /** Every report send record written (metrics, a command's progress lines). */
  readonly sent = new Relay<[SendRecord]>();
  /** Every alert notification's outcome, per channel and transition (metrics). */
  readonly notified = new Relay<[string, NotificationOutcome]>();
  /** This service's address, which a webhook must not point at: its port once it listens. */
  readonly address: ServiceAddress = {
    host: '',
    port: () => this.listeningPort ?? (this.config.port === 0 ? null : this.config.port),
  };
  private listeningPort: number | null = null;
  /** Every alert after each change (metrics). */
  readonly alertsChanged = new Relay<[readonly AlertState[]]>();
  private readonly closers: (() => Promise<void>)[] = [];

  constructor(private readonly options: RootOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.clock = options.clock;
    this.address = { ...this.address, host: options.config.host };
  }

  /** The port the service now listens on. */
  listeningOn(port: number): void {
    this.listeningPort = port;
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
  readonly seriesCatalog = this.piece(async () =>
    SeriesCatalog.load(await this.seriesStore(), { soleWriter: this.soleWriter() }),
  );
  /** Admins' reviews of months in conflict: the figure that stands where one holds. */
  readonly reviewStore = this.piece(async () => ReviewStore.load(await this.client()));
  readonly seriesReader = this.piece(async () => {
    const reviews = await this.reviewStore();
    return new SeriesReader(await this.seriesStore(), await this.seriesCatalog(), (id) => reviews.of(id));
  });
  /** What a fit of a series is given: its figures, totals and the market series it may borrow a season from. */
  readonly fitRequests = this.piece(
    async () => new FitRequests(await this.seriesReader(), await this.seriesCatalog(), this.config.marketEntity),
  );

  /**
   * Reviewing conflicts: a review is announced like a restatement of its month (alerts, live
   * channel, overview, re-fit), and answers once the month's alerts are decided again.
   */
  readonly conflictReviews = this.piece(async () => {
    const [store, reader, alerts] = [await this.reviewStore(), await this.seriesReader(), await this.alerts()];
    return new ConflictReviews({
      store,
      conflicts: (series) => reader.conflicts({ series }),
      point: async (series, month) =>
        (await reader.points(series, { from: month, to: month })).points.find((p) => p.month === month) ?? null,
      changed: async (series, month) => {
        this.stored.emit({ batch: `review-${series}-${month}`, months: new Map([[series, [month]]]) });
        await alerts.idle();
      },
      clock: this.clock,
    });
  });

  /**
   * The overview's rows in memory, built from the store once started and kept current by stored
   * ingests and stored forecasts.
   */
  readonly overview = this.piece(
    async () => {
      const [store, catalog, forecasts, ingestor, reviews] = [
        await this.seriesStore(),
        await this.seriesCatalog(),
        await this.forecastStore(),
        await this.ingestor(),
        await this.reviewStore(),
      ];
      const index = new OverviewIndex({
        catalog,
        reviewsOf: (id) => reviews.of(id),
        readFigures: (series) => store.readFigures({ series, valuesOnly: true }),
        latestForecasts: (series) => forecasts.latest(series),
        logger: this.logger.child({ component: 'overview' }),
        busy: () => ingestor.busy(),
      });
      this.stored.connect((change) => index.stored(change));
      this.publisher.watchForecasts((series) => index.forecastChanged(series));
      return index;
    },
    (index) => index.close(),
  );

  /** API tokens; `init()` is the service's (it may generate the first admin token). */
  readonly tokens = this.piece(
    async () => new Authenticator(new InfluxTokenRepository(await this.client()), this.clock, this.config.adminToken),
  );

  /** The durable spool in the data folder: the service's alone. */
  readonly spool = this.piece(
    () => Spool.open(path.join(this.config.dataDir, 'spool'), this.clock, this.logger.child({ component: 'spool' })),
    (spool) => spool.close(),
  );

  readonly ingestor = this.piece(async () => {
    const reviews = await this.reviewStore();
    return new Ingestor({
      store: await this.seriesStore(),
      catalog: await this.seriesCatalog(),
      clock: this.clock,
      onStored: this.stored.emit,
      onStoring: this.storing.emit,
      onFinished: this.ingested.emit,
      reviewsOf: (id) => reviews.of(id),
      ...(this.options.role === 'service' ? { spool: await this.spool() } : {}),
      ...(this.soleWriter() ? { ends: new StoredEnds() } : {}),
    });
  });

  /**
   * Whether this process is the database's one writer: a single service instance, which files reach
   * through `pulsecast ingest --service`. Instances that share a Redis share the database too: what
   * one knows of it, another may have changed.
   */
  private soleWriter(): boolean {
    return this.options.role === 'service' && this.config.redisUrl === null;
  }

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
      async (id) => forecastNeeds((await reader.monthlyValues(id)).values),
    );
  });

  /** Where alert transitions go to be told: the notification channels' notifier, unless a test records them. */
  readonly alertNotifier = this.piece(
    async (): Promise<AlertNotifier> => this.options.alertNotifier ?? (await this.notifications()).notifier,
  );

  /** The alert rules in force: the rules file's, or those an admin set (kept in InfluxDB). */
  readonly alertRules = this.piece(async () =>
    RuleSet.load(await this.client(), this.clock, await readAlertRules(this.config.alertsFile ?? defaultAlertsFile())),
  );

  /** Silences of alerts by series and/or rule. */
  readonly alertSilences = this.piece(async () => Silences.load(await this.client(), this.clock));

  /** Full-year targets per series and year. */
  readonly alertTargets = this.piece(async () => Targets.load(await this.client(), this.clock));

  /** Alert state, rebuilt from InfluxDB, and the evaluator that moves it (after ingests, on the `alerts` row). */
  readonly alerts = this.piece(
    async () => {
      const [client, store, catalog, rules, silences, targets, reviews] = [
        await this.client(),
        await this.seriesStore(),
        await this.seriesCatalog(),
        await this.alertRules(),
        await this.alertSilences(),
        await this.alertTargets(),
        await this.reviewStore(),
      ];
      const forecasted = new ForecastedSeries(client);
      this.publisher.watchForecasts((series) => forecasted.add(series));
      return AlertEvaluator.load({
        store: new AlertStore(client),
        facts: new AlertFacts(client, store, catalog, (id) => reviews.of(id), forecasted),
        notifier: await this.alertNotifier(),
        rules: () => rules.rules(),
        silenceOf: (alert) => silences.of(alert),
        series: { list: () => catalog.list(), get: (id) => catalog.get(id) },
        clock: this.clock,
        logger: this.logger.child({ component: 'alerts' }),
        onChange: this.alertsChanged.emit,
        targets,
        targetOdds: (series, years) => this.targetOdds(series, years),
      });
    },
    (alerts) => alerts.close(),
  );

  readonly fits = this.piece(
    () => this.buildFits(),
    (fits) => fits.close(),
  );

  readonly scheduler = this.piece(
    () => this.buildScheduler(),
    (scheduler) => scheduler.close?.(),
  );

  /** SMTP from the configuration, unless a test passes a mailer: reports and alert emails share it. */
  readonly mailer = this.piece(
    async () =>
      this.options.mailer ??
      smtpMailer({
        host: this.config.smtpHost,
        port: this.config.smtpPort,
        secure: this.config.smtpSecure,
        user: this.config.smtpUser,
        password: this.config.smtpPassword,
      }),
    (mailer) => mailer.close(),
  );

  readonly reports = this.piece(() => this.buildReports());

  /** Alert channels and the notifier; `notifier.recover()` (the service's) delivers what a previous run owed. */
  readonly notifications = this.piece(
    () => this.buildNotifications(),
    (notifications) => notifications.notifier.close(),
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

  /**
   * The odds of reaching a series' targets: the fit its newest run made (same data, same seed,
   * same horizon as the forecast job), asked for the targets' probabilities from its sample paths.
   */
  private async targetOdds(series: string, targets: Readonly<Record<number, number>>): Promise<TargetOdds | null> {
    const [requests, fits, store] = [await this.fitRequests(), await this.fits(), await this.forecastStore()];
    const [latest] = await store.latest([series]);
    const { start, values, totals, related } = await requests.of(series);
    if (!latest || start === null) return null;
    try {
      const result = await fits.forecast({
        values,
        start,
        horizon: 12,
        seed: seedOf(series),
        targets,
        ...(totals.length ? { totals } : {}),
        ...(related && { related }),
      });
      return { run: latest.run, odds: new Map(result.years.map((y) => [y.year, y.probTarget])) };
    } catch (error) {
      this.logger.warn({ err: error, series }, 'no target odds: the series could not be forecast');
      return null;
    }
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

  private async buildReports(): Promise<Reports> {
    const { config, clock } = this;
    const client = await this.client();
    const log = new InfluxSendLog(client);
    const catalog = await ReportCatalog.load({
      store: new InfluxReportDefStore(client),
      clock,
      fileReports: await readReportsFile(config.reportsFile ?? defaultReportsFile()),
    });
    const mailer = await this.mailer();
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
    return { catalog, sender, log };
  }

  private async buildNotifications(): Promise<Notifications> {
    const { config, clock, address } = this;
    const [client, cluster, mailer] = [await this.client(), await this.cluster(), await this.mailer()];
    const now = () => clock.now();
    const build = (spec: ChannelSpec): AlertChannel =>
      spec.type === 'email'
        ? emailChannel(spec, { mailer, from: config.smtpFrom, now })
        : webhookChannel({ ...spec, secret: spec.secret ?? '' }, { service: address });
    const channels = await ChannelCatalog.load({
      store: new InfluxChannelStore(client),
      now,
      dashboard: dashboardChannel(this.publisher),
      build,
      service: address,
      fileChannels: await readAlertChannelsFile(config.alertsFile ?? packageConfigFile('alerts.json'), address),
    });
    const claims = cluster
      ? new (await import('./scale/alert-claims.js')).RedisClaims(cluster.redis, cluster.keys, cluster.instance)
      : new LocalClaims(now);
    const rules = await this.alertRules();
    const notifier = new AlertDispatcher({
      outbox: new InfluxOutbox(client),
      channels,
      // A rule no longer in force notifies the dashboard alone.
      routes: (t) => {
        const rule = rules.rules().find((r) => r.id === t.alert.rule);
        return rule ? channelsFor(rule, t.alert.severity) : [];
      },
      claims,
      clock,
      logger: this.logger,
      timers: systemTimers,
      claimTtlMs: config.jobLockMs,
      onOutcome: this.notified.emit,
    });
    return { channels, notifier };
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
    const [catalog, requests, fits] = [await this.seriesCatalog(), await this.fitRequests(), await this.fits()];
    return fillJobTable(registry, {
      refit: {
        schedule: { cron: config.forecastCron, timezone: config.forecastTimezone },
        seriesIds: async () => catalog.list().map((m) => m.id),
        monthlyValues: (id, run) => requests.of(id, run),
        forecast: (request) => fits.forecast(request),
        concurrency: fits.concurrency,
        store: await this.forecastStore(),
        engine: engineFingerprint(),
        publisher,
        clock,
        logger,
      },
      reports: await this.reports(),
      // The service decides alerts; a command leaves that to it.
      ...(this.options.role === 'service'
        ? {
            alerts: {
              schedule: { cron: config.alertsCron, timezone: config.alertsTimezone },
              evaluator: await this.alerts(),
            },
          }
        : {}),
    });
  }
}
