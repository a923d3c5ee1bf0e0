/**
 * InfluxDB 1.x line protocol, written as text: the figures of a million-row upload become one
 * string per write request, with no point objects in between. The escaping is the line protocol's
 * own (and the `influx` client's, so that points read back as they always have): a backslash
 * before each comma, equals sign and space in a tag key or value or a field key, before each
 * comma and space in a measurement, and before each double quote and backslash inside a string
 * field, which is wrapped in double quotes. Numbers are floats (no `i` suffix), as the client wrote
 * them: InfluxDB refuses a field whose type differs from what a shard already holds.
 */
import { monthToDate } from '../../common/month.js';

const TAG_SPECIAL = /[,= ]/;
const TAG_SPECIAL_ALL = /[,= ]/g;
const MEASUREMENT_SPECIAL = /[, ]/;
const MEASUREMENT_SPECIAL_ALL = /[, ]/g;
const STRING_SPECIAL = /["\\]/;
const STRING_SPECIAL_ALL = /["\\]/g;

/** A tag key, tag value or field key; the text itself (no copy) when nothing needs escaping. */
export function escapeTag(text: string): string {
  return TAG_SPECIAL.test(text) ? text.replace(TAG_SPECIAL_ALL, '\\$&') : text;
}

export function escapeMeasurement(text: string): string {
  return MEASUREMENT_SPECIAL.test(text) ? text.replace(MEASUREMENT_SPECIAL_ALL, '\\$&') : text;
}

/** A string field value, quoted. */
export function quoteString(text: string): string {
  return `"${STRING_SPECIAL.test(text) ? text.replace(STRING_SPECIAL_ALL, '\\$&') : text}"`;
}

export type FieldValue = string | number | boolean;

/** A field value as the line protocol writes it: strings quoted, numbers as floats, booleans as words. */
export function fieldValue(value: FieldValue): string {
  return typeof value === 'string' ? quoteString(value) : String(value);
}

/**
 * One point as a line. Tags and fields are written sorted by key, as InfluxDB stores them
 * (sorted tags spare it a sort per point); `timestamp` is in the write request's precision.
 */
export function pointLine(
  measurement: string,
  tags: Readonly<Record<string, string>>,
  fields: Readonly<Record<string, FieldValue>>,
  timestamp: number | string,
): string {
  let line = escapeMeasurement(measurement);
  for (const key of Object.keys(tags).sort()) line += `,${escapeTag(key)}=${escapeTag(tags[key]!)}`;
  let separator = ' ';
  for (const key of Object.keys(fields).sort()) {
    line += `${separator}${escapeTag(key)}=${fieldValue(fields[key]!)}`;
    separator = ',';
  }
  return `${line} ${timestamp}`;
}

/** Months repeat in every batch: their timestamps (whole seconds, as text) are worked out once. */
const monthSeconds = new Map<string, string>();

/** The first instant of a month (UTC) in whole seconds since the epoch, as text. */
export function monthEpochSeconds(month: string): string {
  let seconds = monthSeconds.get(month);
  if (seconds === undefined) {
    seconds = String(monthToDate(month).getTime() / 1000);
    if (monthSeconds.size > 10_000) monthSeconds.clear();
    monthSeconds.set(month, seconds);
  }
  return seconds;
}
