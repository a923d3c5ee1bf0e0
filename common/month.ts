/**
 * Calendar months, the one implementation shared by ingest, the engine, the service and the page.
 * A month is a `YYYY-MM` key; for arithmetic it is a month index, months since `0000-01`
 * (`year * 12 + month - 1`), so that adding months is integer addition; it is stored at the first
 * instant of the month in UTC. Pure: the only clock these functions know is the date passed in.
 */

/** A calendar month key, `YYYY-MM`. */
export type MonthKey = string;

/** The years a month key read from input may carry; anything else is almost surely a typo or a unit mix-up. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const NANOS_PER_MS = 1_000_000n;
const KEY_PATTERN = /^(\d{4})-(\d{2})$/;

/**
 * Parses a strict `YYYY-MM` month key from input (surrounding spaces trimmed), with the year in
 * {@link MIN_YEAR}..{@link MAX_YEAR} and the month in 01..12; null for anything else. `2024-6`, `2024/06`
 * and `2024-06-01` are refused so that no row is silently read as another month.
 */
export function parseMonthKey(s: string): MonthKey | null {
  // Fast path for the common, already-clean key: digits checked by char code, no regex, no copy.
  if (s.length === 7 && s.charCodeAt(4) === 0x2d) {
    const year = digitsAt(s, 0, 4);
    const month = digitsAt(s, 5, 7);
    if (year < 0 || month < 0) return null;
    return year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 ? canonicalKey(year, month, s) : null;
  }
  const match = KEY_PATTERN.exec(s.trim());
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  return canonicalKey(year, month, `${match[1]}-${match[2]}`);
}

/**
 * One string per month read: a million-row upload names a few hundred months, and every figure,
 * change list and queue that holds its month then holds one of these instead of a copy per row.
 */
const canonicalKeys = new Array<MonthKey | undefined>((MAX_YEAR - MIN_YEAR + 1) * 12);

function canonicalKey(year: number, month: number, key: MonthKey): MonthKey {
  const index = (year - MIN_YEAR) * 12 + month - 1;
  return (canonicalKeys[index] ??= key);
}

/** The number written by the ASCII digits s[from..to), or -1 when any is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Months since `0000-01` (so `0000-01` is 0): month keys become integers that subtract and add.
 * Throws a RangeError when `m` is not a `YYYY-MM` key (any four-digit year; input is checked by
 * {@link parseMonthKey}).
 */
export function monthIndex(m: MonthKey): number {
  // Every figure of an upload passes here, several times over: character codes, not a regular expression.
  if (m.length === 7 && m.charCodeAt(4) === 45) {
    const year = digitAt(m, 0) * 1000 + digitAt(m, 1) * 100 + digitAt(m, 2) * 10 + digitAt(m, 3);
    const month = digitAt(m, 5) * 10 + digitAt(m, 6);
    if (year >= 0 && month >= 1 && month <= 12) return year * 12 + month - 1;
  }
  throw new RangeError(`not a month key: ${JSON.stringify(m)} (expected YYYY-MM)`);
}

/** The ASCII digit at `i`, or a number negative enough to make any year or month built with it invalid. */
function digitAt(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1e6;
}

/** The month key of a {@link monthIndex}; years outside 0..9999 cannot be written as `YYYY` (RangeError). */
export function monthFromIndex(i: number): MonthKey {
  if (!Number.isInteger(i) || i < 0 || i >= 10000 * 12) {
    throw new RangeError(`month index out of range: ${i}`);
  }
  const year = Math.floor(i / 12);
  const month = (i % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `k` months after `m` (before it when `k` is negative). */
export function addMonths(m: MonthKey, k: number): MonthKey {
  return monthFromIndex(monthIndex(m) + k);
}

/** How many months `b` lies after `a` (negative when before): `monthsBetween('2024-11', '2025-02')` is 3. */
export function monthsBetween(a: MonthKey, b: MonthKey): number {
  return monthIndex(b) - monthIndex(a);
}

/** Every month from `first` to `last`, both included; empty when `last` is before `first`. */
export function monthsFromTo(first: MonthKey, last: MonthKey): MonthKey[] {
  const from = monthIndex(first);
  return Array.from({ length: Math.max(0, monthIndex(last) - from + 1) }, (_, k) => monthFromIndex(from + k));
}

/** The earliest of some month keys (which sort as text). */
export function earliestMonth(months: readonly MonthKey[]): MonthKey {
  return months.reduce((a, b) => (b < a ? b : a));
}

/** The calendar year of a month key. */
export function yearOf(m: MonthKey): number {
  return yearOfIndex(monthIndex(m));
}

/** The calendar year of a month index. */
export function yearOfIndex(i: number): number {
  return Math.floor(i / 12);
}

/** The month index of January of `year`. */
export function januaryIndex(year: number): number {
  return year * 12;
}

/** The month of the year, 1..12. */
export function monthOfYear(m: MonthKey): number {
  return (monthIndex(m) % 12) + 1;
}

/** The first instant of the month, UTC. */
export function monthToDate(m: MonthKey): Date {
  const i = monthIndex(m);
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0..99 as 1900..1999.
  d.setUTCFullYear(Math.floor(i / 12), i % 12, 1);
  return d;
}

/** The first instant of the month in seconds since the epoch (uPlot's x values, InfluxDB's `s` precision). */
export function monthToSeconds(m: MonthKey): number {
  return monthToDate(m).getTime() / 1000;
}

/** The first instant of the month as InfluxDB nanoseconds since the epoch, in decimal. */
export function monthToNanos(m: MonthKey): string {
  return (BigInt(monthToDate(m).getTime()) * NANOS_PER_MS).toString();
}

/** The calendar month (UTC) that a date falls in. */
export function dateToMonth(d: Date): MonthKey {
  const time = d.getTime();
  if (Number.isNaN(time)) throw new RangeError('invalid date');
  return monthFromIndex(d.getUTCFullYear() * 12 + d.getUTCMonth());
}

/**
 * The calendar month (UTC) that an instant in nanoseconds since the epoch falls in, or null when the
 * text is not an integer or the month lies outside {@link MIN_YEAR}..{@link MAX_YEAR}.
 */
export function nanosToMonth(ns: bigint | string): MonthKey | null {
  let n: bigint;
  if (typeof ns === 'bigint') n = ns;
  else if (/^-?\d+$/.test(ns.trim())) n = BigInt(ns.trim());
  else return null;
  // Floor division, so that an instant just before the epoch lands in December 1969.
  let ms = n / NANOS_PER_MS;
  if (n < 0n && ms * NANOS_PER_MS !== n) ms -= 1n;
  // ±8.64e15 ms is the whole range of Date; checking first keeps Number() exact.
  if (ms > 8_640_000_000_000_000n || ms < -8_640_000_000_000_000n) return null;
  const d = new Date(Number(ms));
  const year = d.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  return dateToMonth(d);
}
