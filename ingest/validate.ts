/**
 * The one validation path every input format goes through: a raw row becomes an Observation or a
 * RowError that names the row, the field and the reason in plain words.
 */
import { rowRef } from './fields.js';
import { parseMonthKey } from './month.js';
import { parseDecimal } from './parse-number.js';
import type { FigureKind, InputFormat, Observation, RawRow, RowError, RowErrorCode } from './types.js';

/** What validation needs to know about a stored series. */
export type SeriesLookup = (id: string) => { unit: string } | undefined;

/** How messages name rows: `line N` for CSV and line protocol (the default), `rows[N]` for JSON. */
export interface ValidateOptions {
  readonly format?: InputFormat;
}

/** Longest accepted texts, in characters (code points). */
export const LIMITS = Object.freeze({ series: 100, unit: 32, source: 2000, quote: 4000, metric: 200, entity: 200, name: 200 });

const SERIES_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** The result of reading one field: its value, or the error to report. */
type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RowError };

/**
 * Validates one row on its own. `lookupSeries` answers for series that already exist; a row for
 * an unknown series must carry the unit that will define it. See {@link validateBatch} for the
 * rules that span rows.
 */
export function validateRow(raw: RawRow, lookupSeries: SeriesLookup, options: ValidateOptions = {}): Observation | RowError {
  const fail = failer(raw.row, options.format ?? 'csv');
  const f = raw.fields;

  const series = text(f.series);
  if (series === undefined) return fail('series', 'MISSING_FIELD', 'is missing');
  if (series === null) return fail('series', 'INVALID_SERIES', `${show(f.series)} is not text`);
  if (series.length > LIMITS.series || !SERIES_ID.test(series)) {
    return fail('series', 'INVALID_SERIES', `${show(series)} is not a series id (1-100 letters, digits and _ . : -, starting with a letter or digit)`);
  }

  const monthText = text(f.month);
  if (monthText === undefined) return fail('month', 'MISSING_FIELD', 'is missing');
  const month = monthText === null ? null : parseMonthKey(monthText);
  if (month === null) return fail('month', 'INVALID_MONTH', `${show(f.month)} is not a month (expected YYYY-MM, such as 2024-06)`);

  const value = readValue(f.value, fail);
  if (!value.ok) return value.error;

  const kindText = text(f.kind);
  const kind: FigureKind | null = kindText === undefined ? 'monthly' : kindText === null ? null : asKind(kindText);
  if (kind === null) return fail('kind', 'INVALID_KIND', `${show(f.kind)} is not a kind (expected "monthly" or "ytd")`);

  const yoy = readYoy(f.yoy_pct_stated, fail);
  if (!yoy.ok) return yoy.error;

  const optional: Partial<Record<'unit' | 'source' | 'quote' | 'metric' | 'entity' | 'name', string>> = {};
  for (const key of ['unit', 'source', 'quote', 'metric', 'entity', 'name'] as const) {
    const t = text(f[key]);
    if (t === null) return fail(key, 'INVALID_VALUE', `${show(f[key])} is not text`);
    if (t === undefined) continue;
    // A string's code points never outnumber its UTF-16 units, so short texts skip the count.
    const length = t.length > LIMITS[key] ? lengthOf(t) : 0;
    if (length > LIMITS[key]) return fail(key, 'FIELD_TOO_LONG', `is ${length} characters long; at most ${LIMITS[key]} are accepted`);
    optional[key] = t;
  }

  const known = lookupSeries(series);
  const unit = optional.unit;
  if (known === undefined && unit === undefined) {
    return fail('unit', 'UNKNOWN_SERIES', `series ${series} does not exist; a row that creates it must carry a unit`);
  }
  if (known !== undefined && unit !== undefined && unit !== known.unit) {
    return fail('unit', 'UNIT_MISMATCH', `unit "${unit}" differs from the unit "${known.unit}" of series ${series}`);
  }

  return {
    row: raw.row,
    series,
    month,
    value: value.value,
    kind,
    source: optional.source ?? '',
    ...(unit === undefined ? {} : { unit }),
    ...(yoy.value === undefined ? {} : { yoyPctStated: yoy.value }),
    ...(optional.quote === undefined ? {} : { quote: optional.quote }),
    ...(optional.metric === undefined ? {} : { metric: optional.metric }),
    ...(optional.entity === undefined ? {} : { entity: optional.entity }),
    ...(optional.name === undefined ? {} : { name: optional.name }),
  };
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
  const lookup: SeriesLookup = (id) => lookupSeries(id) ?? newUnits.get(id);
  const firstByKey = new Map<string, Observation>();
  const observations: Observation[] = [];
  const errors: RowError[] = [];
  for (const raw of rows) {
    const result = validateRow(raw, lookup, options);
    if (!('series' in result)) {
      errors.push(result);
      continue;
    }
    const key = `${result.series}\u0000${result.month}\u0000${result.kind}\u0000${result.source}`;
    const first = firstByKey.get(key);
    if (first !== undefined) {
      if (first.value !== result.value) {
        const sameSource = result.source === '' ? 'no source' : 'the same source';
        errors.push(
          failer(raw.row, format)(
            'value',
            'DUPLICATE_IN_BATCH',
            `${result.value} differs from ${first.value} given for ${result.series} ${result.month} (${result.kind}, ${sameSource}) on ${rowRef(format, first.row)}`,
          ),
        );
      }
      continue;
    }
    firstByKey.set(key, result);
    if (result.unit !== undefined && !newUnits.has(result.series) && lookupSeries(result.series) === undefined) {
      newUnits.set(result.series, { unit: result.unit });
    }
    observations.push(result);
  }
  return { observations, errors };
}

type Fail = (field: string, code: RowErrorCode, reason: string) => RowError;

function failer(row: number, format: InputFormat): Fail {
  return (field, code, reason) => ({ row, field, code, message: `${rowRef(format, row)}, field "${field}": ${reason}` });
}

function readValue(v: unknown, fail: Fail): Read<number> {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { ok: false, error: fail('value', 'INVALID_VALUE', `${show(v)} is not a finite number`) };
    if (v < 0) return { ok: false, error: fail('value', 'NEGATIVE_VALUE', `${v} is negative; figures are counts or amounts`) };
    return { ok: true, value: v === 0 ? 0 : v };
  }
  const t = text(v);
  if (t === undefined) return { ok: false, error: fail('value', 'MISSING_FIELD', 'is missing') };
  const reading = t === null ? null : parseDecimal(t);
  if (reading === null || !reading.ok) return { ok: false, error: fail('value', 'INVALID_VALUE', `${show(v)} is not a number`) };
  if (reading.value < 0) return { ok: false, error: fail('value', 'NEGATIVE_VALUE', `${show(v)} is negative; figures are counts or amounts`) };
  return { ok: true, value: reading.value };
}

/** A stated YoY change: blank, or a (possibly negative) number with an optional trailing %. */
function readYoy(v: unknown, fail: Fail): Read<number | undefined> {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return { ok: true, value: v };
    return { ok: false, error: fail('yoy_pct_stated', 'INVALID_YOY', `${show(v)} is not a finite number`) };
  }
  const t = text(v);
  if (t === undefined) return { ok: true, value: undefined };
  const reading = t === null ? null : parseDecimal(t.endsWith('%') ? t.slice(0, -1) : t);
  if (reading === null || !reading.ok) {
    return { ok: false, error: fail('yoy_pct_stated', 'INVALID_YOY', `${show(v)} is not a percentage (such as 12.5 or -3%)`) };
  }
  return { ok: true, value: reading.value };
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
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? String(v) : v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) ?? typeof v : String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
