/**
 * The whole service for report tests: the run's influxd with a database of its own, a reports file
 * of the test's, a real SMTP server, a clock the test moves, a scheduler the test fires, and SMTP
 * backoff waits the test sees instead of timers. Close it in an after/afterEach hook.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../service/config.js';
import { startService, type RunningService } from '../../../service/lifecycle.js';
import { createLogger } from '../../../service/logger.js';
import type { Scheduler } from '../../../service/jobs/scheduler.js';
import { FORECAST_JOB } from '../../../service/jobs/refit-job.js';
import { createTestDatabase } from '../../support/influxd.js';
import { rememberToken, withToken } from '../../support/service.js';

/** The admin token of the report tests' services. */
export const REPORT_TEST_TOKEN = 'report-tests-admin-token-0123456789';
import { addMonths } from '../../../common/month.js';

/** A clock the test sets. */
export class TestClock {
  constructor(public ms: number) {}
  now = () => this.ms;
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

/** Fires scheduled callbacks when the test says so. */
export class ManualScheduler implements Scheduler {
  readonly tasks = new Map<string, (slot: number) => void>();
  schedule(name: string, _schedule: unknown, onSlot: (slot: number, trigger: 'schedule') => unknown) {
    this.tasks.set(name, (slot) => void onSlot(slot, 'schedule'));
    return { stop: () => void this.tasks.delete(name) };
  }
  fire(name: string, slotIso: string): void {
    const task = this.tasks.get(name);
    if (!task) throw new Error(`nothing scheduled as "${name}"; scheduled: ${[...this.tasks.keys()].join(', ')}`);
    task(Date.parse(slotIso));
  }
}

export interface ReportEnv {
  readonly influxUrl: string;
  readonly database: string;
  readonly reportsFile: string;
  drop(): Promise<void>;
}

/** A database and a reports file that several service starts (restarts) share. */
export async function reportEnv(reports: readonly object[]): Promise<ReportEnv> {
  const db = await createTestDatabase();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-reports-'));
  const reportsFile = path.join(dir, 'reports.json');
  await writeFile(reportsFile, JSON.stringify({ reports }));
  return {
    influxUrl: db.url,
    database: db.database,
    reportsFile,
    drop: async () => {
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ReportService extends RunningService {
  readonly scheduler: ManualScheduler;
  /** Backoff waits asked for, in ms. */
  readonly waits: number[];
}

export async function startReportService(
  env: ReportEnv,
  options: { clock: TestClock; smtpPort: number; config?: Partial<Config>; onWait?: (ms: number) => Promise<void> },
): Promise<ReportService> {
  const config = loadConfig({}, process.cwd(), {
    port: 0,
    influxUrl: env.influxUrl,
    influxDatabase: env.database,
    loadFixtures: false,
    logLevel: 'silent',
    reportsFile: env.reportsFile,
    smtpHost: '127.0.0.1',
    smtpPort: options.smtpPort,
    smtpFrom: 'pulsecast <reports@pulsecast.test>',
    smtpAttempts: 4,
    smtpRetryBaseMs: 1000,
    refitDebounceMs: 0,
    adminToken: REPORT_TEST_TOKEN,
    ...options.config,
  });
  const scheduler = new ManualScheduler();
  const waits: number[] = [];
  const service = await startService({
    config,
    logger: createLogger(config.logLevel),
    clock: options.clock,
    scheduler,
    mailWait: async (ms) => {
      waits.push(ms);
      await options.onWait?.(ms);
    },
  });
  rememberToken(service.url, config.adminToken ?? REPORT_TEST_TOKEN);
  await service.jobs.idle();
  return Object.assign(service, { scheduler, waits });
}

/** Two series, Jan 2022 – Jun 2025, as CSV; then a forecast run stored by the forecast job. */
export async function loadSeriesAndForecast(service: RunningService): Promise<void> {
  const lines = ['series,month,value,unit,source'];
  for (let i = 0; i < 42; i++) {
    const month = addMonths('2022-01', i);
    const season = 1 + 0.25 * Math.sin(((i % 12) - 2) * (Math.PI / 6));
    lines.push(`nev_sales,${month},${Math.round(20000 * 1.25 ** (i / 12) * season)},units,https://example.com/a`);
    lines.push(
      `battery_gwh,${month},${(Math.round(250 * 1.3 ** (i / 12) * season) / 10).toFixed(1)},GWh,https://example.com/b`,
    );
  }
  const res = await fetch(
    `${service.url}/api/v1/ingest`,
    withToken(service.url, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: lines.join('\n') }),
  );
  if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
  const run = await service.jobs.trigger(FORECAST_JOB, 'manual');
  if (run.status !== 'ok') throw new Error(`forecast run ${run.status}: ${run.message}`);
}

export const REPORT = {
  name: 'monthly',
  title: 'EV monthly',
  cron: '0 9 5 * *',
  timezone: 'Asia/Shanghai',
  recipients: ['cfo@example.com', 'planning@example.com'],
  series: ['nev_sales', 'battery_gwh'],
  horizon: 12,
};
/** 09:00 on 5 July 2025 in Shanghai. */
export const SLOT = '2025-07-05T01:00:00.000Z';
