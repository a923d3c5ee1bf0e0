/**
 * Month arithmetic on `YYYY-MM` keys. The engine has no clock: every date comes from the request.
 * Months are counted as `year * 12 + (month - 1)` so that adding months is integer addition.
 */
import { ForecastInputError } from './errors.js';
import type { MonthKey } from './types.js';

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Parses a `YYYY-MM` key into a month count; throws a ForecastInputError naming `field` when malformed. */
export function monthIndex(key: MonthKey, field = 'start'): number {
  const match = MONTH_KEY.exec(key);
  if (match === null) throw new ForecastInputError(field, `expected a month as YYYY-MM, got ${JSON.stringify(key)}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

/** The `YYYY-MM` key of a month count. */
export function monthKey(index: number): MonthKey {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The key `n` months after `key` (n may be negative). */
export function addMonths(key: MonthKey, n: number): MonthKey {
  return monthKey(monthIndex(key) + n);
}

/** Calendar year of a month count. */
export function yearOf(index: number): number {
  return Math.floor(index / 12);
}

/** Month of the year, 1..12, of a month count. */
export function monthOfYear(index: number): number {
  return index - Math.floor(index / 12) * 12 + 1;
}
