/**
 * The forecasting part of the service, assembled from what the lifecycle already has: the stores
 * for forecasts and run records, the job registry with the forecast job, the re-fit after ingests,
 * and the routers that read them. The lifecycle calls this once; nothing here is a singleton.
 */
import type { InfluxDB } from 'influx';
import type { Router } from 'express';
import type { StoredChange } from '../../ingest/ingest.js';
import type { ForecastRequest, ForecastResult } from '../../forecasting/types.js';
import type { SeriesCatalog } from '../../ingest/series-catalog.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { ForecastReader } from '../forecasts/forecast-reader.js';
import { ForecastStore } from '../forecasts/forecast-store.js';
import { RunStore } from '../forecasts/run-store.js';
import { forecastRouter } from '../http/forecast-router.js';
import { jobsRouter } from '../http/jobs-router.js';
import type { Publisher } from '../live/publisher.js';
import type { Logger } from '../logger.js';
import type { SeriesReader } from '../series-reader.js';
import { FORECAST_JOB, refitJob } from './refit-job.js';
import { FitPool } from './fit-pool.js';
import { RefitDebouncer, systemTimers, type Timers } from './refit-debouncer.js';
import { JobRegistry } from './registry.js';
import { nodeCronScheduler } from './node-cron-scheduler.js';
import type { Scheduler } from './scheduler.js';

export interface ForecastingPart {
  readonly jobs: JobRegistry;
  readonly forecasts: ForecastReader;
  readonly refits: RefitDebouncer;
  readonly routers: Router[];
  /** The ingest hook: announces changed actuals and queues their series for a re-fit. */
  onStored(change: StoredChange): void;
  stop(): Promise<void>;
}

export function forecastingPart(deps: {
  readonly client: InfluxDB;
  readonly catalog: SeriesCatalog;
  readonly reader: SeriesReader;
  /** True while a large upload is being stored; the re-fit after ingest waits for it. */
  readonly ingestBusy?: () => boolean;
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly publisher: Publisher;
  readonly scheduler?: Scheduler;
  readonly timers?: Timers;
  /**
   * Spreads fits over several instances (a shared queue), given this instance's own fit; absent:
   * every fit runs here. With it, a run keeps `config.refitInFlight` fits under way at once.
   */
  readonly spreadFits?: (fit: (request: ForecastRequest) => Promise<ForecastResult>) => {
    forecast(request: ForecastRequest): Promise<ForecastResult>;
    close(): Promise<void>;
  };
}): ForecastingPart {
  const { client, catalog, reader, config, clock, publisher } = deps;
  const logger = deps.logger.child({ component: 'jobs' });
  const store = new ForecastStore(client);
  const runStore = new RunStore(client);
  const forecasts = new ForecastReader(store, runStore, (id) => reader.meta(id));
  const pool = new FitPool();
  const fits = deps.spreadFits?.((request) => pool.forecast(request)) ?? null;
  const jobs = new JobRegistry({
    clock,
    runLog: runStore,
    publisher,
    logger,
    scheduler: deps.scheduler ?? nodeCronScheduler(clock),
  });
  jobs.register(
    refitJob({
      cron: config.forecastCron,
      timezone: config.forecastTimezone,
      seriesIds: async () => catalog.list().map((m) => m.id),
      monthlyValues: (id) => reader.monthlyValues(id),
      forecast: (request) => (fits ?? pool).forecast(request),
      concurrency: fits ? config.refitInFlight : 1,
      store,
      publisher,
      clock,
      logger,
    }),
  );
  const refits = new RefitDebouncer({
    delayMs: config.refitDebounceMs,
    timers: deps.timers ?? systemTimers,
    refit: (scope) => jobs.trigger(FORECAST_JOB, 'ingest', { scope }),
    ...(deps.ingestBusy ? { busy: deps.ingestBusy } : {}),
  });
  return {
    jobs,
    forecasts,
    refits,
    routers: [forecastRouter({ forecasts }), jobsRouter({ jobs, forecasts, clock })],
    onStored(change) {
      for (const [series, months] of change.months) {
        publisher.actuals({ series, months, batch: change.batch });
        if (config.refitDebounceMs > 0) refits.add(series, months);
      }
    },
    async stop() {
      await refits.stop();
      await jobs.stop();
      await fits?.close();
      await pool.close();
    },
  };
}
