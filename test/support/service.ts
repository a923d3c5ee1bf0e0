/**
 * The whole service on a free port against the run's influxd, with a database of its own.
 * Stop it (and drop the database) in an after/afterEach hook.
 */
import { loadConfig, type Config } from '../../service/config.js';
import type { Clock } from '../../service/clock.js';
import { startService, type RunningService } from '../../service/lifecycle.js';
import { createLogger } from '../../service/logger.js';
import { createTestDatabase } from './influxd.js';

export interface TestService extends RunningService {
  readonly database: string;
  /** Stops the service and drops its database. */
  close(): Promise<void>;
}

export async function startTestService(options: { config?: Partial<Config>; clock?: Clock } = {}): Promise<TestService> {
  const db = await createTestDatabase();
  const config = loadConfig({}, process.cwd(), {
    port: 0,
    influxUrl: db.url,
    influxDatabase: db.database,
    loadFixtures: false,
    logLevel: 'silent',
    ...options.config,
  });
  const clock = options.clock ?? { now: () => Date.now() };
  const service = await startService({ config, logger: createLogger(config.logLevel), clock });
  return {
    ...service,
    database: db.database,
    close: async () => {
      await service.stop();
      await db.drop();
    },
  };
}

/** fetch against the service with JSON decoding of the answer. */
export async function request(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, body, headers: res.headers };
}

export const csv = (text: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'text/csv' }, body: text });
export const jsonBody = (value: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
