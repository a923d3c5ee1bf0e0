/**
 * The whole service for alert tests: a database several starts share (restarts), a clock the test
 * sets, a scheduler the test fires, no automatic re-fits (forecasts are written by the test), and
 * a notifier that records what it was given. Close it in an after/afterEach hook.
 */
import { randomBytes } from 'node:crypto';
import { knownForecast } from '../../support/known-forecast.js';
import type { AlertTransition } from '../../../service/contract/index.js';
import type { AlertNotifier } from '../../../service/alerts/notifier.js';
import { loadConfig, type Config } from '../../../service/config.js';
import { ForecastStore } from '../../../service/forecasts/forecast-store.js';
import { startService, type RunningService } from '../../../service/lifecycle.js';
import { createLogger } from '../../../service/logger.js';
import { connectInflux } from '../../../service/storage/influx-store.js';
import { createTestDatabase } from '../../support/influxd.js';
import { expect } from 'chai';
import { csv, rememberToken, request } from '../../support/service.js';
import { waitFor } from '../../support/wait-for.js';
import { ManualScheduler, TestClock } from '../report/report-service.js';

/** The AlertNotifier port kept in memory: every transition handed over, in order, once per id. */
export class RecordingNotifier implements AlertNotifier {
  readonly given: AlertTransition[] = [];
  private readonly ids = new Set<string>();

  async enqueue(transitions: readonly AlertTransition[]): Promise<void> {
    for (const t of transitions) {
      if (this.ids.has(t.id)) continue;
      this.ids.add(t.id);
      this.given.push(t);
    }
  }

  /** `<change> <alert id> <severity>` per transition: what a test compares. */
  changes(): string[] {
    return this.given.map((t) => `${t.change} ${t.alert.id} ${t.alert.severity}`);
  }
}

export interface AlertEnv {
  readonly clock: TestClock;
  readonly notifier: RecordingNotifier;
  readonly scheduler: ManualScheduler;
  readonly token: string;
  /** Starts a service on the shared database (again, for a restart). */
  start(config?: Partial<Config>): Promise<RunningService>;
  /** Stores a forecast of `series` from a run fitted at `fittedAt`, with one point per month given. */
  writeForecast(
    series: string,
    run: string,
    fittedAt: string,
    lastActual: string,
    points: { month: string; h: number; point: number; lo80: number; hi80: number; lo95: number; hi95: number }[],
  ): Promise<void>;
  /** Stops every service started and drops the database. */
  close(): Promise<void>;
}

/** `deliver`: transitions go to the service's own notifier (real channels) instead of the recording one. */
export async function alertEnv(startIso: string, options: { deliver?: boolean } = {}): Promise<AlertEnv> {
  const db = await createTestDatabase();
  const clock = new TestClock(Date.parse(startIso));
  const notifier = new RecordingNotifier();
  const scheduler = new ManualScheduler();
  const token = `alert-tests-${randomBytes(12).toString('hex')}`;
  const running: RunningService[] = [];
  const client = await connectInflux({ url: db.url, database: db.database });
  const forecasts = new ForecastStore(client);
  return {
    clock,
    notifier,
    scheduler,
    token,
    async start(config = {}) {
      const cfg = loadConfig({}, process.cwd(), {
        adminToken: token,
        port: 0,
        influxUrl: db.url,
        influxDatabase: db.database,
        loadFixtures: false,
        logLevel: 'silent',
        refitDebounceMs: 0,
        ...config,
      });
      const service = await startService({
        config: cfg,
        logger: createLogger(cfg.logLevel),
        clock,
        scheduler,
        ...(options.deliver ? {} : { alertNotifier: notifier }),
      });
      running.push(service);
      rememberToken(service.url, token);
      // A first start runs the job table's rows once (a forecast run among them); one that read the
      // test's first figures would store its own forecast of a month the test gives a band for.
      await service.jobs.idle();
      return service;
    },
    async writeForecast(series, run, fittedAt, lastActual, points) {
      await forecasts.write(knownForecast(series, run, fittedAt, lastActual, points));
    },
    async close() {
      for (const s of running.splice(0)) await s.stop();
      await db.drop();
    },
  };
}

/** Ingests CSV rows (series,month,value,unit,source) through the API and waits for the alerts they cause. */
export async function ingest(service: RunningService, rows: string): Promise<void> {
  const res = await request(service.url, '/api/v1/ingest', csv(`series,month,value,unit,source\n${rows}`));
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  await service.alerts.idle();
}

/** One run of the `alerts` row; the row's own first run at start may still be under way, so wait it out. */
export async function sweep(service: RunningService): Promise<void> {
  const run = await waitFor(async () => {
    const r = await service.jobs.trigger('alerts', 'manual', { query: {} });
    return r.status === 'skipped' ? null : r;
  }, 'the alerts run under way to finish');
  expect(run.status, run.message).to.equal('ok');
}
