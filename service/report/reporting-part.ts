/**
 * The reporting part of the service, assembled from what the lifecycle already has: the report
 * catalog (file + API), the send log, the SMTP mailer, the sender, the schedule and the router.
 * The lifecycle calls this once; nothing here is a singleton.
 */
import type { InfluxDB } from 'influx';
import type { Router } from 'express';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { reportRouter } from '../http/report-router.js';
import { nodeCronScheduler } from '../jobs/node-cron-scheduler.js';
import type { Scheduler } from '../jobs/scheduler.js';
import type { Logger } from '../logger.js';
import type { SeriesReader } from '../series-reader.js';
import { smtpMailer, type Mailer } from './mailer.js';
import { defaultReportsFile, readReportsFile, ReportCatalog } from './report-catalog.js';
import { InfluxReportDefStore } from './report-def-store.js';
import { ReportSchedule } from './report-job.js';
import { ReportSender } from './report-sender.js';
import { storedRunSource, type StoredForecasts } from './report-source.js';
import { InfluxSendLog, type SendLog, type SendRecord } from './send-log.js';

export interface ReportingPart {
  readonly catalog: ReportCatalog;
  readonly sender: ReportSender;
  readonly log: SendLog;
  readonly schedule: ReportSchedule;
  readonly router: Router;
  stop(): Promise<void>;
}

export interface ReportingDeps {
  readonly client: InfluxDB;
  readonly reader: SeriesReader;
  readonly forecasts: StoredForecasts;
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly scheduler?: Scheduler;
  /** The SMTP mailer from the configuration unless given. */
  readonly mailer?: Mailer;
  /** Waits between SMTP attempts; a timer unless given. */
  readonly wait?: (ms: number) => Promise<void>;
  /** Told about every send record written. */
  readonly onRecord?: (record: SendRecord) => void;
}

export async function reportingPart(deps: ReportingDeps): Promise<ReportingPart> {
  const { client, config, clock } = deps;
  const logger = deps.logger.child({ component: 'reports' });
  const log = new InfluxSendLog(client);
  const catalog = await ReportCatalog.load({
    store: new InfluxReportDefStore(client),
    clock,
    fileReports: await readReportsFile(config.reportsFile ?? defaultReportsFile()),
  });
  const mailer =
    deps.mailer ??
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
    source: storedRunSource({ reader: deps.reader, forecasts: deps.forecasts }),
    from: config.smtpFrom,
    retry: { attempts: config.smtpAttempts, baseDelayMs: config.smtpRetryBaseMs, maxDelayMs: 5 * 60_000 },
    logger,
    ...(deps.wait ? { wait: deps.wait } : {}),
    ...(deps.onRecord ? { onRecord: deps.onRecord } : {}),
  });
  const schedule = new ReportSchedule({
    catalog,
    sender,
    log,
    scheduler: deps.scheduler ?? nodeCronScheduler(clock),
    clock,
    logger,
  });
  return {
    catalog,
    sender,
    log,
    schedule,
    router: reportRouter({ catalog, sender, log, clock, background: (send) => schedule.track(send) }),
    async stop() {
      await schedule.stop();
      mailer.close();
    },
  };
}
