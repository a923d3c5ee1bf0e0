/**
 * The whole service on a free port against the run's influxd, with a database of its own.
 * Stop it (and drop the database) in an after/afterEach hook.
 */
import { loadConfig, type Config } from '../../service/config.js';
import type { Clock } from '../../service/clock.js';
import { startService, type RunningService } from '../../service/lifecycle.js';
import { createLogger } from '../../service/logger.js';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from './influxd.js';

export interface TestService extends RunningService {
  readonly database: string;
  /** An admin token of this service; `request()` sends it unless told otherwise. */
  readonly token: string;
  /** Stops the service and drops its database. */
  close(): Promise<void>;
}

export async function startTestService(
  options: { config?: Partial<Config>; clock?: Clock } = {},
): Promise<TestService> {
  const db = await createTestDatabase();
  const token = `test-admin-${randomBytes(12).toString('hex')}`;
  const config = loadConfig({}, process.cwd(), {
    adminToken: token,
    port: 0,
    influxUrl: db.url,
    influxDatabase: db.database,
    loadFixtures: false,
    logLevel: 'silent',
    ...options.config,
  });
  const clock = options.clock ?? { now: () => Date.now() };
  const service = await startService({ config, logger: createLogger(config.logLevel), clock });
  tokens.set(service.url, token);
  return {
    ...service,
    database: db.database,
    token,
    close: async () => {
      tokens.delete(service.url);
      await service.stop();
      await db.drop();
    },
  };
}

/** Admin tokens of the running test services, by URL. */
const tokens = new Map<string, string>();

/** Lets `request()` and `withToken()` authenticate to a service started some other way. */
export function rememberToken(url: string, token: string): void {
  tokens.set(url, token);
}

/** The headers of `init` plus the admin token of the service at `base`, unless `init` sets Authorization itself. */
export function withToken(base: string, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  const token = tokens.get(base);
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

/**
 * fetch against the service with JSON decoding of the answer; sends the service's admin token
 * unless `init` has its own Authorization header or `anonymous` is set.
 */
export async function request(
  base: string,
  path: string,
  init: RequestInit & { anonymous?: boolean } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const { anonymous, ...rest } = init;
  const res = await fetch(`${base}${path}`, anonymous ? rest : withToken(base, rest));
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, body, headers: res.headers };
}

export const csv = (text: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'text/csv' },
  body: text,
});
export const jsonBody = (value: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});
