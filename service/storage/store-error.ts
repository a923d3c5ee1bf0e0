/**
 * Errors of the InfluxDB store, classified once here by what the client reported (error class,
 * socket error code), so that callers ask `retriable` instead of reading messages: the spool
 * queues rows on a retriable failure and gives up on any other.
 */
import type { InfluxDB } from 'influx';
import { AppError } from '../errors.js';
import { wholeRows } from './whole-rows.js';

/** Socket errors after which the same request may succeed once InfluxDB is back. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/**
 * A failed store call. `retriable` is true when InfluxDB could not be reached, timed out or
 * answered 5xx (HTTP 503 STORAGE_UNAVAILABLE); false when it refused the request itself (4xx,
 * HTTP 502 STORAGE_REJECTED), which sending it again cannot fix.
 */
export class StoreError extends AppError {
  constructor(
    readonly retriable: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(retriable ? 503 : 502, retriable ? 'STORAGE_UNAVAILABLE' : 'STORAGE_REJECTED', message, undefined, options);
  }
}

/** Wraps whatever the `influx` client threw; a StoreError passes through unchanged. */
export function toStoreError(error: unknown, operation: string): StoreError {
  if (error instanceof StoreError) return error;
  const e = error as { name?: string; code?: unknown; message?: string; constructor?: { name?: string } } | null;
  const className = e?.constructor?.name ?? '';
  const code = typeof e?.code === 'string' ? e.code : '';
  // ServiceNotAvailableError: a 5xx answer, a request timeout, or every host marked down after a
  // network error. RequestError: a 3xx/4xx answer.
  const retriable = className === 'ServiceNotAvailableError' || NETWORK_CODES.has(code) || e?.name === 'AbortError';
  const why = e?.message || code || className || 'unknown error';
  return new StoreError(
    retriable,
    `InfluxDB ${operation} failed${retriable ? ' (unreachable; will be retried)' : ''}: ${why}`,
    { cause: error },
  );
}

/**
 * The rows of an InfluxQL query; any failure is a StoreError that says whether to try again. `whole`
 * names fields every point of the measurement has: a row without one is a write under way, read
 * again (whole-rows.ts).
 */
export async function queryRows(
  client: InfluxDB,
  q: string,
  placeholders: Record<string, string> = {},
  whole: readonly string[] = [],
): Promise<Record<string, unknown>[]> {
  const read = async () => {
    try {
      return await client.query<Record<string, unknown>>(q, { placeholders });
    } catch (error) {
      throw toStoreError(error, 'query');
    }
  };
  return whole.length ? wholeRows(read, whole) : read();
}

/**
 * The `influx` pool's backoff for a host after a network error. Its default keeps a failed host
 * out for up to 10 s; with our single host that is 10 s of refusing every request after InfluxDB
 * is already back, so the ceiling here is one second.
 */
export class ShortBackoff {
  constructor(private readonly failures = 0) {}
  getDelay(): number {
    return Math.min(1000, 100 * 2 ** this.failures);
  }
  next(): ShortBackoff {
    return new ShortBackoff(this.failures + 1);
  }
  reset(): ShortBackoff {
    return new ShortBackoff();
  }
}
