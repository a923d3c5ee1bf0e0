/**
 * InfluxDB 1.x line protocol as raw rows, so that Telegraf or any InfluxDB client can write
 * monthly figures: `<measurement>[,tag=v...] field=v[,field=v...] [timestamp]`.
 *
 * Mapping: tags `series`, `unit`, `kind`, `metric`, `entity`, `name` and fields `value`,
 * `yoy_pct_stated`, `source`, `quote` become the row fields of the same name; the timestamp
 * becomes `month`, the calendar month (UTC) it falls in. The measurement name and any other tag
 * or field are accepted and ignored.
 */
import { detach, rowRef } from './fields.js';
import { nanosToMonth } from '../common/month.js';
import type { ParseResult, RawRow, RowError, RowErrorCode } from './types.js';

/** Timestamp precisions of the InfluxDB 1.x `/write` API (`n` and `ns`, `u` and `us` are synonyms). */
export type Precision = 'n' | 'ns' | 'u' | 'us' | 'ms' | 's' | 'm' | 'h';

const NANOS_PER: Readonly<Record<Precision, bigint>> = {
  n: 1n,
  ns: 1n,
  u: 1_000n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Whether `s` is a {@link Precision}, for checking a `precision` query parameter. */
export function isPrecision(s: unknown): s is Precision {
  return typeof s === 'string' && Object.hasOwn(NANOS_PER, s);
}

const TAG_FIELDS: ReadonlySet<string> = new Set(['series', 'unit', 'kind', 'metric', 'entity', 'name']);
const VALUE_FIELDS: ReadonlySet<string> = new Set(['value', 'yoy_pct_stated', 'source', 'quote']);

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+i$/;
const UNSIGNED = /^\d+u$/;
const TIMESTAMP = /^-?\d+$/;
const TRUE = new Set(['t', 'T', 'true', 'True', 'TRUE']);
const FALSE = new Set(['f', 'F', 'false', 'False', 'FALSE']);

// Characters a backslash escapes in each part of a line (string field values are handled apart).
const MEASUREMENT_ESCAPES = ', ';
const KEY_ESCAPES = ',= ';

/**
 * Parses line protocol. Each row's `row` is the 1-based line its point starts on. Blank lines and
 * `#` comments are skipped. A line that does not parse is a MALFORMED_ROW error; a point without
 * a timestamp is MISSING_FIELD `time` (a monthly figure never takes its arrival time); a timestamp
 * outside the months we accept is INVALID_MONTH `time`. Quoted string fields may span lines, as
 * InfluxDB's own parser allows.
 */
export function parseLineProtocol(text: string, precision: Precision = 'ns'): ParseResult {
  return new LineScanner(text, NANOS_PER[precision]).run();
}

/** A problem with the point being read; caught per point so the next line still parses. */
class PointError extends Error {
  constructor(
    readonly code: RowErrorCode,
    readonly field: string | undefined,
    readonly reason: string,
    /** Resume on the line after the point's first line, not where reading stopped. */
    readonly resumeAtStartLine = false,
  ) {
    super(reason);
  }

  toRowError(row: number): RowError {
    const where = rowRef('line-protocol', row);
    if (this.field === undefined) return { row, code: this.code, message: `${where}: ${this.reason}` };
    return { row, field: this.field, code: this.code, message: `${where}, field "${this.field}": ${this.reason}` };
  }
}

class LineScanner {
  private i = 0;
  private line = 1;
  private readonly rows: RawRow[] = [];
  private readonly errors: RowError[] = [];

  constructor(
    private readonly text: string,
    private readonly nanosPerUnit: bigint,
  ) {}

  run(): ParseResult {
    const t = this.text;
    while (this.i < t.length) {
      this.skipSpaces();
      const c = t[this.i];
      if (c === undefined) break;
      if (c === '\n' || c === '\r') {
        this.endLine();
        continue;
      }
      const start = this.line;
      const startIndex = this.i;
      if (c === '#') {
        this.skipToLineEnd();
        continue;
      }
      try {
        this.rows.push({ row: start, fields: this.point() });
      } catch (e) {
        if (!(e instanceof PointError)) throw e;
        this.errors.push(e.toRowError(start));
        if (e.resumeAtStartLine) {
          // An unclosed string would otherwise swallow every later point.
          this.i = startIndex;
          this.line = start;
        }
        this.skipToLineEnd();
      }
    }
    return { rows: this.rows, errors: this.errors };
  }

  /** Reads one point from the current position through its line end. */
  private point(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.name(MEASUREMENT_ESCAPES, false) === '')
      throw new PointError('MALFORMED_ROW', undefined, 'the line has no measurement name');
    while (this.peek() === ',') {
      this.i++;
      const key = this.name(KEY_ESCAPES, true);
      if (key === '' || this.peek() !== '=')
        throw new PointError('MALFORMED_ROW', undefined, 'a tag must be written key=value');
      this.i++;
      const value = this.name(KEY_ESCAPES, false);
      if (value === '') throw new PointError('MALFORMED_ROW', key, `tag "${key}" has no value`);
      if (TAG_FIELDS.has(key)) out[key] = detach(value);
    }
    if (this.peek() !== ' ') throw new PointError('MALFORMED_ROW', undefined, 'expected a space and then the fields');
    this.skipSpaces();
    let count = 0;
    for (;;) {
      const key = this.name(KEY_ESCAPES, true);
      if (key === '' || this.peek() !== '=')
        throw new PointError('MALFORMED_ROW', undefined, 'a field must be written key=value');
      this.i++;
      const value = this.fieldValue(key);
      count++;
      if (VALUE_FIELDS.has(key)) out[key] = typeof value === 'string' ? detach(value) : value;
      if (this.peek() !== ',') break;
      this.i++;
    }
    if (count === 0) throw new PointError('MALFORMED_ROW', undefined, 'a point needs at least one field');
    this.skipSpaces();
    const stamp = this.token();
    if (stamp === '') {
      throw new PointError(
        'MISSING_FIELD',
        'time',
        'the point has no timestamp; a monthly figure needs the month it stands for',
      );
    }
    if (!TIMESTAMP.test(stamp)) {
      throw new PointError('MALFORMED_ROW', 'time', `${JSON.stringify(stamp)} is not an integer timestamp`);
    }
    this.skipSpaces();
    if (!this.atLineEnd()) throw new PointError('MALFORMED_ROW', undefined, 'unexpected text after the timestamp');
    const month = nanosToMonth(BigInt(stamp) * this.nanosPerUnit);
    if (month === null)
      throw new PointError('INVALID_MONTH', 'time', `timestamp ${stamp} falls outside the years 1900-2200`);
    out.month = month;
    return out;
  }

  /** A measurement, key or tag value: stops at an unescaped space, comma, (for keys) '=' or line end. */
  private name(escapes: string, isKey: boolean): string {
    const t = this.text;
    let out = '';
    let seg = this.i;
    while (this.i < t.length) {
      const c = t[this.i] as string;
      if (c === '\\' && this.i + 1 < t.length && escapes.includes(t[this.i + 1] as string)) {
        out += t.slice(seg, this.i);
        seg = this.i + 1;
        this.i += 2;
        continue;
      }
      if (c === ' ' || c === ',' || c === '\n' || c === '\r' || (isKey && c === '=')) break;
      this.i++;
    }
    return out + t.slice(seg, this.i);
  }

  private fieldValue(key: string): number | boolean | string {
    if (this.peek() === '"') return this.quotedString(key);
    const raw = this.token(',');
    if (FLOAT.test(raw)) return Number(raw);
    if (INTEGER.test(raw) || UNSIGNED.test(raw)) return Number(raw.slice(0, -1));
    if (TRUE.has(raw)) return true;
    if (FALSE.has(raw)) return false;
    const reason =
      raw === '' ? 'has no value' : `${JSON.stringify(raw)} is not a float, integer, boolean or quoted string`;
    throw new PointError('MALFORMED_ROW', key, reason);
  }

  private quotedString(key: string): string {
    const t = this.text;
    this.i++;
    let out = '';
    let seg = this.i;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === '\\' && (t[this.i + 1] === '"' || t[this.i + 1] === '\\')) {
        out += t.slice(seg, this.i);
        seg = this.i + 1;
        this.i += 2;
        continue;
      }
      if (c === '"') {
        out += t.slice(seg, this.i);
        this.i++;
        return out;
      }
      if (c === '\n' || (c === '\r' && t[this.i + 1] !== '\n')) this.line++;
      this.i++;
    }
    throw new PointError('MALFORMED_ROW', key, 'the quoted string is never closed', true);
  }

  /** Text up to a space, line end or `stop`. */
  private token(stop = ''): string {
    const t = this.text;
    const from = this.i;
    while (this.i < t.length) {
      const c = t[this.i] as string;
      if (c === ' ' || c === '\n' || c === '\r' || c === stop) break;
      this.i++;
    }
    return t.slice(from, this.i);
  }

  private peek(): string | undefined {
    return this.text[this.i];
  }

  private skipSpaces(): void {
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
  }

  private atLineEnd(): boolean {
    const c = this.text[this.i];
    return c === undefined || c === '\n' || c === '\r';
  }

  /** Consumes one line terminator (\n, \r\n or a lone \r). */
  private endLine(): void {
    if (this.text[this.i] === '\r' && this.text[this.i + 1] === '\n') this.i++;
    this.i++;
    this.line++;
  }

  private skipToLineEnd(): void {
    const t = this.text;
    while (this.i < t.length && t[this.i] !== '\n' && t[this.i] !== '\r') this.i++;
  }
}
