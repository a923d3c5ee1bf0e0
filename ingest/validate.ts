/**
 * The one validation path every input format goes through: a raw row becomes an Observation or a
 * RowError that names the row, the field and the reason in plain words.
 */
import { rowRef } from './fields.js';
import { parseMonthKey } from '../common/month.js';
import { parseDecimal } from './parse-number.js';
import type { FigureKind, InputFormat, Observation, RawRow, RowError, RowErrorCode } from './types.js';

/** What validation needs to know about a stored series. */
export type SeriesLookup = (id: string) => { unit: string } | undefined;

/** How messages name rows: `line N` for CSV and line protocol (the default), `rows[N]` for JSON. */
export interface ValidateOptions {
  readonly format?: InputFormat;
}

/** Longest accepted texts, in characters (code points). */
export const LIMITS = Object.freeze({
  series: 100,
  unit: 32,
  source: 2000,
  quote: 4000,
  metric: 200,
  entity: 200,
  name: 200,
});

const SERIES_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
/** The last series id found valid: the next row of its run skips the pattern. */
let lastValidSeries = '';

/**
 * Validates one row on its own. `lookupSeries` answers for series that already exist; a row for
 * an unknown series must carry the unit that will define it. See {@link validateBatch} for the
 * rules that span rows.
 */
export function validateRow(
  raw: RawRow,
  lookupSeries: SeriesLookup,
  options: ValidateOptions = {},
): Observation | RowError {
  // Written for speed as well as clarity: this runs once per row of million-row uploads, so it
  // allocates nothing beyond the observation on the common path.
  const at: Where = { row: raw.row, format: options.format ?? 'csv' };
  const f = raw.fields;

  const series = text(f.series);
  if (series === undefined) return rowError(at, 'series', 'MISSING_FIELD', 'is missing');
  if (series === null) return rowError(at, 'series', 'INVALID_SERIES', `${show(f.series)} is not text`);
  if (series !== lastValidSeries && (series.length > LIMITS.series || !SERIES_ID.test(series))) {
    const rule = '1-100 letters, digits and _ . : -, starting with a letter or digit';
    return rowError(at, 'series', 'INVALID_SERIES', `${show(series)} is not a series id (${rule})`);
  }

  // Rows of a series come in runs, and a reader hands the same text again for a repeated cell.
  lastValidSeries = series;

  const monthText = text(f.month);
  if (monthText === undefined) return rowError(at, 'month', 'MISSING_FIELD', 'is missing');
  const month = monthText === null ? null : parseMonthKey(monthText);
  if (month === null)
    return rowError(
      at,
      'month',
      'INVALID_MONTH',
      `${show(f.month)} is not a month (expected YYYY-MM, such as 2024-06)`,
    );

  const value = readValue(f.value, at);
  if (typeof value !== 'number') return value;

  const kindText = text(f.kind);
  const kind: FigureKind | null = kindText === undefined ? 'monthly' : kindText === null ? null : asKind(kindText);
  if (kind === null)
    return rowError(at, 'kind', 'INVALID_KIND', `${show(f.kind)} is not a kind (expected "monthly" or "ytd")`);

  const yoy = readYoy(f.yoy_pct_stated, at);
  if (typeof yoy === 'object') return yoy;

  const unit = limitedText(f.unit, 'unit', at);
  if (typeof unit === 'object') return unit;
  const source = limitedText(f.source, 'source', at);
  if (typeof source === 'object') return source;
  const quote = limitedText(f.quote, 'quote', at);
  if (typeof quote === 'object') return quote;
  const metric = tagText(f.metric, 'metric', at);
  if (typeof metric === 'object') return metric;
  const entity = tagText(f.entity, 'entity', at);
  if (typeof entity === 'object') return entity;
  const name = limitedText(f.name, 'name', at);
  if (typeof name === 'object') return name;

  const known = lookupSeries(series);
  if (known === undefined && unit === undefined) {
    return rowError(
      at,
      'unit',
      'UNKNOWN_SERIES',
      `series ${series} does not exist; a row that creates it must carry a unit`,
    );
  }
  if (known !== undefined && unit !== undefined && unit !== known.unit) {
    return rowError(
      at,
      'unit',
      'UNIT_MISMATCH',
      `unit "${unit}" differs from the unit "${known.unit}" of series ${series}`,
    );
  }

  const obs: Mutable<Observation> = { row: raw.row, series, month, value, kind, source: source ?? '' };
  if (unit !== undefined) obs.unit = unit;
  if (yoy !== undefined) obs.yoyPctStated = yoy;
  if (quote !== undefined) obs.quote = quote;
  if (metric !== undefined) obs.metric = metric;
  if (entity !== undefined) obs.entity = entity;
  if (name !== undefined) obs.name = name;
  return obs;
}

/** Whether a {@link validateRow} result is an error rather than an observation. */
export function isRowError(result: Observation | RowError): result is RowError {
  return 'code' in result;
}

/**
 * Validates a batch in order. Beyond {@link validateRow}: the first valid row of a series that
 * `lookupSeries` does not know defines its unit for the rest of the batch; a later row with the
 * same series, month, kind and source is DUPLICATE_IN_BATCH when its value differs and is dropped
 * silently when it repeats the value (the first such row is kept).
 */
export function validateBatch(
  rows: readonly RawRow[],
  lookupSeries: SeriesLookup,
  options: ValidateOptions = {},
): { observations: Observation[]; errors: RowError[] } {
  const format = options.format ?? 'csv';
  const newUnits = new Map<string, { unit: string }>();
  // Rows of a series come in runs: it is looked up, and its months found, once for the run.
  let lookedUp: string | null = null;
  let known: { unit: string } | undefined;
  const lookup: SeriesLookup = (id) => {
    if (id !== lookedUp) {
      lookedUp = id;
      known = lookupSeries(id) ?? newUnits.get(id);
    }
    return known;
  };
  let monthsOf: string | null = null;
  let months = new Map<string, Observation | Observation[]>();
  // series -> month -> the accepted observation of that month, or all of them when there are
  // several (rare), instead of one joined-string key per row: building and hashing that string
  // dominated large batches, and an array per row came next.
  const accepted = new Map<string, Map<string, Observation | Observation[]>>();
  const observations: Observation[] = [];
  const errors: RowError[] = [];
  for (const raw of rows) {
    const result = validateRow(raw, lookup, options);
    if (isRowError(result)) {
      errors.push(result);
      continue;
    }
    if (result.series !== monthsOf) {
      monthsOf = result.series;
      const held = accepted.get(monthsOf);
      if (held === undefined) accepted.set(monthsOf, (months = new Map()));
      else months = held;
    }
    const sameMonth = months.get(result.month);
    const first = sameMonth === undefined ? undefined : sameFigureIn(sameMonth, result);
    if (first !== undefined) {
      if (first.value !== result.value) {
        const sameSource = result.source === '' ? 'no source' : 'the same source';
        const earlier = `${result.series} ${result.month} (${result.kind}, ${sameSource}) on ${rowRef(format, first.row)}`;
        const reason = `${result.value} differs from ${first.value} given for ${earlier}`;
        errors.push(rowError({ row: raw.row, format }, 'value', 'DUPLICATE_IN_BATCH', reason));
      }
      continue;
    }
    if (sameMonth === undefined) months.set(result.month, result);
    else if (Array.isArray(sameMonth)) sameMonth.push(result);
    else months.set(result.month, [sameMonth, result]);
    if (result.unit !== undefined && !newUnits.has(result.series) && lookupSeries(result.series) === undefined) {
      newUnits.set(result.series, { unit: result.unit });
      lookedUp = null;
    }
    observations.push(result);
  }
  return { observations, errors };
}

/** The observation of the same figure as `o` (its month's, so the same kind and source), if any. */
function sameFigureIn(month: Observation | Observation[], o: Observation): Observation | undefined {
  if (!Array.isArray(month)) return month.kind === o.kind && month.source === o.source ? month : undefined;
  for (const m of month) if (m.kind === o.kind && m.source === o.source) return m;
  return undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The row a message is about, and how its format names rows. */
interface Where {
  readonly row: number;
  readonly format: InputFormat;
}

function rowError(at: Where, field: string, code: RowErrorCode, reason: string): RowError {
  return { row: at.row, field, code, message: `${rowRef(at.format, at.row)}, field "${field}": ${reason}` };
}

function readValue(v: unknown, at: Where): number | RowError {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return rowError(at, 'value', 'INVALID_VALUE', `${show(v)} is not a finite number`);
    if (v < 0) return rowError(at, 'value', 'NEGATIVE_VALUE', `${v} is negative; figures are counts or amounts`);
    return v === 0 ? 0 : v;
  }
  const t = text(v);
  if (t === undefined) return rowError(at, 'value', 'MISSING_FIELD', 'is missing');
  const reading = t === null ? null : parseDecimal(t);
  if (reading === null || !reading.ok) return rowError(at, 'value', 'INVALID_VALUE', `${show(v)} is not a number`);
  if (reading.value < 0)
    return rowError(at, 'value', 'NEGATIVE_VALUE', `${show(v)} is negative; figures are counts or amounts`);
  return reading.value;
}

/** A stated YoY change: blank, or a (possibly negative) number with an optional trailing %. */
function readYoy(v: unknown, at: Where): number | undefined | RowError {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    return rowError(at, 'yoy_pct_stated', 'INVALID_YOY', `${show(v)} is not a finite number`);
  }
  const t = text(v);
  if (t === undefined) return undefined;
  const reading = t === null ? null : parseDecimal(t.endsWith('%') ? t.slice(0, -1) : t);
  if (reading === null || !reading.ok) {
    return rowError(at, 'yoy_pct_stated', 'INVALID_YOY', `${show(v)} is not a percentage (such as 12.5 or -3%)`);
  }
  return reading.value;
}

/** An optional text field within its length limit; undefined when blank. */
// Takes the field's value, not the row: a load by a key that differs from call to call made
// this the costliest step of validating a row.
function limitedText(v: unknown, key: keyof typeof LIMITS, at: Where): string | undefined | RowError {
  const t = text(v);
  if (t === null) return rowError(at, key, 'INVALID_VALUE', `${show(v)} is not text`);
  // A string's code points never outnumber its UTF-16 units, so short texts skip the count.
  if (t === undefined || t.length <= LIMITS[key]) return t;
  const length = lengthOf(t);
  if (length > LIMITS[key])
    return rowError(at, key, 'FIELD_TOO_LONG', `is ${length} characters long; at most ${LIMITS[key]} are accepted`);
  return t;
}

// Line protocol cannot carry a line break in a tag value, and a backslash there escapes what
// follows it (a trailing one swallows the separator): InfluxDB refuses such a write outright.
const NOT_IN_TAG = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/;

/** A text that becomes an InfluxDB tag (metric, entity): limited, and without control characters or backslashes. */
function tagText(v: unknown, key: 'metric' | 'entity', at: Where): string | undefined | RowError {
  const t = limitedText(v, key, at);
  if (typeof t !== 'string' || !NOT_IN_TAG.test(t)) return t;
  return rowError(
    at,
    key,
    'INVALID_VALUE',
    `${show(t)} contains a control character or a backslash, which a ${key} cannot hold`,
  );
}

function asKind(t: string): FigureKind | null {
  const k = t.toLowerCase();
  return k === 'monthly' || k === 'ytd' ? k : null;
}

/** Trimmed text; undefined when absent or blank; null when the value is not text at all. */
function text(v: unknown): string | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Length in code points, so that a quote in Chinese or with emoji is measured as people count. */
function lengthOf(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The offending input as the message quotes it, cut so that a huge value cannot flood a response. */
function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (typeof v === 'object' && v !== null) s = JSON.stringify(v) ?? 'an object';
  else s = String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
