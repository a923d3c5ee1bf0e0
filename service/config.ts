/**
 * Configuration, read from the environment once, typed and frozen. Nothing else reads
 * process.env. A bad value fails start-up with a message naming the variable.
 */
import path from 'node:path';
import { parseSchedule, ScheduleError } from './jobs/cron-schedule.js';

export interface Config {
  /** HTTP port; 0 picks a free one (tests). */
  readonly port: number;
  /** Interface to listen on. */
  readonly host: string;
  /** InfluxDB to use; null starts the managed influxd in `dataDir`. */
  readonly influxUrl: string | null;
  readonly influxUsername: string | undefined;
  readonly influxPassword: string | undefined;
  readonly influxDatabase: string;
  /** Where the managed influxd keeps its files, and later the spool. */
  readonly dataDir: string;
  /** Load the fixtures into an empty database on start. */
  readonly loadFixtures: boolean;
  /** Largest request body the ingest endpoints accept, bytes. */
  readonly maxBodyBytes: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** When the forecast job re-fits every series: the schedule grammar (`jobs/cron-schedule.ts`), read in `forecastTimezone`. */
  readonly forecastCron: string;
  /** IANA time zone of `forecastCron`. */
  readonly forecastTimezone: string;
  /** Quiet time after an ingest before the changed series are re-fitted, ms; 0 turns the re-fit off. */
  readonly refitDebounceMs: number;
  /**
   * The entity whose series are the market's (PULSECAST_MARKET_ENTITY; `none` for none): a series that
   * cannot estimate its own season borrows the seasonal shape of the market series of its metric.
   */
  readonly marketEntity: string | null;
  /** The report definitions file (JSON); null is the package's own `config/reports.json`. */
  readonly reportsFile: string | null;
  /** The alert rules file (JSON); null is the package's own `config/alerts.json`. */
  readonly alertsFile: string | null;
  /** When the `alerts` job looks for missing months and moves pending and flapping alerts on (UTC). */
  readonly alertsCron: string;
  readonly alertsTimezone: string;
  /** SMTP server the reports are sent through. */
  readonly smtpHost: string;
  readonly smtpPort: number;
  /** TLS from the first byte (port 465); when false, STARTTLS is used if the server offers it. */
  readonly smtpSecure: boolean;
  readonly smtpUser: string | undefined;
  readonly smtpPassword: string | undefined;
  /** The From of report emails; its domain also ends every report Message-ID. */
  readonly smtpFrom: string;
  /** Attempts per report email before it is recorded as failed (temporary failures only). */
  readonly smtpAttempts: number;
  /** Wait before the second attempt, ms; it doubles for each further attempt (at most 5 minutes). */
  readonly smtpRetryBaseMs: number;
  /** Reads (GET on the API, the dashboard, live subscriptions) without a token. */
  readonly publicRead: boolean;
  /** An admin token for as long as it is set (16 characters or more); unset: one is generated on first start. */
  readonly adminToken: string | undefined;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  readonly corsOrigins: readonly string[];
  /** Write requests (ingest, /write) per client and minute. */
  readonly writeRatePerMinute: number;
  /** Failed authentications per client and minute before 429. */
  readonly authFailuresPerMinute: number;
  /**
   * Redis shared by several instances (`redis://host:6379`, `rediss://` for TLS): the live channel's
   * adapter, once-per-slot jobs and reports, and re-fits spread over the instances. Null: all of
   * it in-process, and a single instance needs nothing but InfluxDB.
   */
  readonly redisUrl: string | null;
  /** Start of every Redis key this deployment uses, so several deployments (or test runs) share one Redis. */
  readonly redisPrefix: string;
  /** How long a scheduled job's lock lives without renewal before another instance takes the slot over, ms. */
  readonly jobLockMs: number;
  /** Series fits one re-fit keeps queued for the instances at a time (with Redis). */
  readonly refitInFlight: number;
  /** The API token the command line sends to a running service (`pulsecast ingest --service URL`). */
  readonly serviceToken: string | undefined;
}

/** Defaults, as documented in the README. */
export const DEFAULTS: Config = Object.freeze({
  port: 3000,
  host: '127.0.0.1',
  influxUrl: null,
  influxUsername: undefined,
  influxPassword: undefined,
  influxDatabase: 'pulsecast',
  dataDir: '.pulsecast',
  loadFixtures: true,
  maxBodyBytes: 256 * 1024 * 1024,
  logLevel: 'info',
  // Daily at 06:30 in China: makers publish deliveries on the 1st and CPCA/CABIA figures land over
  // the first half of the month on no fixed day, so a monthly schedule would sit on stale fits for
  // weeks; ingest-triggered re-fits cover the minutes after a figure arrives, this covers the rest.
  forecastCron: '0 30 6 * * *',
  forecastTimezone: 'Asia/Shanghai',
  refitDebounceMs: 2000,
  // The fixtures' market series (CAAM, CABIA, CPCA figures for all of China) have entity `china`.
  marketEntity: 'china',
  reportsFile: null,
  alertsFile: null,
  // Every 15 minutes: a month is overdue from a day's start (UTC), so it is told within 15 minutes.
  alertsCron: '0 */15 * * * *',
  alertsTimezone: 'UTC',
  smtpHost: '127.0.0.1',
  smtpPort: 25,
  smtpSecure: false,
  smtpUser: undefined,
  smtpPassword: undefined,
  smtpFrom: 'pulsecast <reports@pulsecast.localhost>',
  smtpAttempts: 6,
  smtpRetryBaseMs: 5000,
  publicRead: true,
  adminToken: undefined,
  corsOrigins: [],
  writeRatePerMinute: 6000,
  authFailuresPerMinute: 30,
  redisUrl: null,
  redisPrefix: 'pulsecast',
  jobLockMs: 30_000,
  // Enough to keep a few instances' fit threads busy while the coordinator reads and stores series.
  refitInFlight: 16,
  serviceToken: undefined,
});

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `env` (every value a string, as in process.env): `defaults` stand where a variable is
 * unset, `overrides` win over the environment. Throws a ConfigError naming the variable at fault.
 */
export function loadConfig(
  env: Env,
  cwd: string,
  overrides: Partial<Config> = {},
  defaults: Partial<Config> = {},
): Config {
  const d: Config = { ...DEFAULTS, ...defaults };
  const forecast = scheduleVars(env, 'FORECAST_CRON', 'FORECAST_TZ', d.forecastCron, d.forecastTimezone);
  const alerts = scheduleVars(env, 'ALERTS_CRON', 'ALERTS_TZ', d.alertsCron, d.alertsTimezone);
  const config: Config = {
    port: intVar(env, 'PORT', d.port, 0, 65535),
    host: strVar(env, 'HOST', d.host),
    influxUrl: urlVar(env, 'INFLUX_URL'),
    influxUsername: env['INFLUX_USERNAME'] || undefined,
    influxPassword: env['INFLUX_PASSWORD'] || undefined,
    influxDatabase: identVar(env, 'INFLUX_DATABASE', d.influxDatabase),
    dataDir: path.resolve(cwd, strVar(env, 'PULSECAST_DATA_DIR', d.dataDir)),
    loadFixtures: boolVar(env, 'PULSECAST_LOAD_FIXTURES', d.loadFixtures),
    maxBodyBytes: intVar(env, 'PULSECAST_MAX_BODY_BYTES', d.maxBodyBytes, 1024, 8 * 1024 ** 3),
    logLevel: enumVar(env, 'LOG_LEVEL', d.logLevel, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    forecastCron: forecast.cron,
    forecastTimezone: forecast.timezone,
    refitDebounceMs: intVar(env, 'FORECAST_DEBOUNCE_MS', d.refitDebounceMs, 0, 3_600_000),
    marketEntity: noneOr(strVar(env, 'PULSECAST_MARKET_ENTITY', d.marketEntity ?? 'none')),
    reportsFile: env['PULSECAST_REPORTS_FILE']?.trim()
      ? path.resolve(cwd, env['PULSECAST_REPORTS_FILE'].trim())
      : d.reportsFile,
    alertsFile: env['PULSECAST_ALERTS_FILE']?.trim()
      ? path.resolve(cwd, env['PULSECAST_ALERTS_FILE'].trim())
      : d.alertsFile,
    alertsCron: alerts.cron,
    alertsTimezone: alerts.timezone,
    smtpHost: strVar(env, 'SMTP_HOST', d.smtpHost),
    smtpPort: intVar(env, 'SMTP_PORT', d.smtpPort, 1, 65535),
    smtpSecure: boolVar(env, 'SMTP_SECURE', d.smtpSecure),
    smtpUser: env['SMTP_USER'] || undefined,
    smtpPassword: env['SMTP_PASSWORD'] || undefined,
    smtpFrom: strVar(env, 'SMTP_FROM', d.smtpFrom),
    smtpAttempts: intVar(env, 'SMTP_ATTEMPTS', d.smtpAttempts, 1, 20),
    smtpRetryBaseMs: intVar(env, 'SMTP_RETRY_BASE_MS', d.smtpRetryBaseMs, 0, 3_600_000),
    publicRead: boolVar(env, 'PULSECAST_PUBLIC_READ', d.publicRead),
    adminToken: secretVar(env, 'PULSECAST_ADMIN_TOKEN', 16),
    corsOrigins: listVar(env, 'PULSECAST_CORS_ORIGINS'),
    writeRatePerMinute: intVar(env, 'PULSECAST_WRITE_RATE_PER_MIN', d.writeRatePerMinute, 1, 10_000_000),
    authFailuresPerMinute: intVar(env, 'PULSECAST_AUTH_FAILURES_PER_MIN', d.authFailuresPerMinute, 20, 100_000),
    redisUrl: redisUrlVar(env, 'REDIS_URL'),
    redisPrefix: prefixVar(env, 'PULSECAST_REDIS_PREFIX', d.redisPrefix),
    jobLockMs: intVar(env, 'PULSECAST_JOB_LOCK_MS', d.jobLockMs, 1000, 3_600_000),
    refitInFlight: intVar(env, 'PULSECAST_REFIT_IN_FLIGHT', d.refitInFlight, 1, 1000),
    serviceToken: env['PULSECAST_TOKEN'] || d.serviceToken,
    ...overrides,
  };
  return Object.freeze(config);
}

/** This process's configuration: the one place that reads process.env (the service and the command line). */
export function loadProcessConfig(options: { overrides?: Partial<Config>; defaults?: Partial<Config> } = {}): Config {
  return loadConfig(process.env, process.cwd(), options.overrides, options.defaults);
}

/** `none` (any case) for null. */
function noneOr(value: string): string | null {
  return value.toLowerCase() === 'none' ? null : value;
}

function strVar(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
}

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false; got "${env[name]}"`);
}

function urlVar(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.origin;
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL such as http://127.0.0.1:8086; got "${raw}"`);
  }
}

/** The whole URL is kept: it may carry a password and a database number. Never logged. */
function redisUrlVar(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw new ConfigError(`${name} must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379`);
  return raw;
}

function prefixVar(env: Env, name: string, fallback: string): string {
  const value = strVar(env, name, fallback);
  // No ':' (BullMQ refuses it in queue names) and nothing a glob or a shell would read.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(value))
    throw new ConfigError(`${name} must be letters, digits, '.', '_' and '-' (at most 64); got "${value}"`);
  return value;
}

function identVar(env: Env, name: string, fallback: string): string {
  const value = strVar(env, name, fallback);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(value)) {
    throw new ConfigError(`${name} must be letters, digits and underscores, starting with a letter; got "${value}"`);
  }
  return value;
}

/** A schedule of the one grammar from two variables; the message names the one at fault. */
function scheduleVars(env: Env, cronName: string, tzName: string, cron: string, timezone: string) {
  const [cronText, tzText] = [strVar(env, cronName, cron), strVar(env, tzName, timezone)];
  try {
    return parseSchedule(cronText, tzText);
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    const [name, value] = error.field === 'cron' ? [cronName, cronText] : [tzName, tzText];
    throw new ConfigError(`${name} ${error.message}; got "${value}"`);
  }
}

function enumVar<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const value = strVar(env, name, fallback) as T;
  if (!allowed.includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value;
}

/** A secret of at least `minLength` characters; the message never repeats the value. */
function secretVar(env: Env, name: string, minLength: number): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < minLength) throw new ConfigError(`${name} must be at least ${minLength} characters long`);
  return raw;
}

function listVar(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((origin) => {
    const trimmed = origin.trim();
    try {
      return new URL(trimmed).origin;
    } catch {
      throw new ConfigError(
        `${name} must be a comma-separated list of origins such as https://planning.example.com; got "${trimmed}"`,
      );
    }
  });
}
