/**
 * CSV uploads as raw rows, read as a stream: chunks may split anywhere (inside a quoted field,
 * between \r and \n), only the unfinished record is held between chunks, and a bad record is
 * reported by line without stopping the rows around it.
 */
import { ROW_FIELDS, REQUIRED_FIELDS, detach, isRowField, rowRef } from './fields.js';
import type { RowField } from './fields.js';
import type { ParseResult, RawRow, RowError, RowErrorCode } from './types.js';

/** Tuning for {@link CsvRowReader}. */
export interface CsvReaderOptions {
  /**
   * The longest record (in UTF-16 units) held while waiting for its end; a longer one is reported
   * as MALFORMED_ROW, which bounds memory when a quote is left open. Default 1 MiB.
   */
  readonly maxRecordChars?: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

// Outcomes of scanning one record.
const OK = 0;
const INCOMPLETE = 1;
const MALFORMED = 2;
type ScanStatus = typeof OK | typeof INCOMPLETE | typeof MALFORMED;

/** A row as the reader fills it; callers see it read-only. */
interface MutableRow {
  row: number;
  readonly fields: Record<string, unknown>;
}

/**
 * Streaming CSV reader. The header row (the first non-blank record) must name `series`, `month`
 * and `value`; `unit`, `kind`, `yoy_pct_stated`, `source`, `quote`, `metric`, `entity` and `name`
 * are read when present, in any order, matched case-insensitively after trimming; other columns
 * are ignored. Each row's `row` is the 1-based physical line its record starts on (the header
 * usually being line 1); cell text is passed on untrimmed for validation to judge.
 *
 * Usage: call {@link push} with each chunk and {@link end} once; each returns the rows completed
 * so far. Errors collect in {@link errors} until {@link takeErrors} drains them.
 */
export class CsvRowReader {
  private readonly maxRecordChars: number;
  private pending = '';
  /** Physical line on which `pending` starts. */
  private line = 1;
  private started = false;
  private ended = false;
  /** Set when the header is unusable: the rest of the input is ignored. */
  private failed = false;
  /** Discarding the rest of an over-long line whose end has not arrived yet. */
  private skipping = false;
  private width = -1;
  private keepIndex: number[] = [];
  private keepName: RowField[] = [];
  private pendingErrors: RowError[] = [];
  // Results of the last scanQuoted call; fields rather than a returned object to spare an allocation per record.
  private cells: string[] = [];
  private recordEnd = 0;
  /** Where the last scanned record's terminator starts (the buffer length when it has none). */
  private terminatorAt = 0;
  private reason = '';
  /** Where each cell of the line being read starts (reused from line to line). */
  private readonly cellStarts: number[] = [];
  /** The last text read in each kept column, to be used again when the next line repeats it. */
  private lastCells: string[] = [];
  private readonly spare: MutableRow[] = [];

  constructor(options: CsvReaderOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? 1 << 20;
  }

  /** Errors found and not yet taken with {@link takeErrors}, in input order. */
  get errors(): readonly RowError[] {
    return this.pendingErrors;
  }

  /** The recognised columns in header order, or null before the header has been read. */
  get columns(): readonly RowField[] | null {
    return this.width < 0 ? null : this.keepName;
  }

  /**
   * Hands rows back once nothing refers to them any more: later rows are filled into the same
   * objects, so that a long stream allocates no row objects once it is under way.
   */
  recycle(rows: readonly RawRow[]): void {
    for (const row of rows) this.spare.push(row as MutableRow);
  }

  /** Returns the errors found since the last call and forgets them (so a long stream holds none). */
  takeErrors(): RowError[] {
    const taken = this.pendingErrors;
    this.pendingErrors = [];
    return taken;
  }

  /** Reads one chunk; returns the rows it completed. A record cut by the chunk's end waits for the next. */
  push(chunk: string): RawRow[] {
    if (this.ended) throw new Error('CsvRowReader.push after end()');
    return this.consume(chunk, false);
  }

  /** Ends the input: returns the last rows and reports what was left unfinished. */
  end(): RawRow[] {
    if (this.ended) return [];
    const rows = this.consume('', true);
    this.ended = true;
    if (this.width < 0 && !this.failed) this.headerMissing('the input has no header row');
    return rows;
  }

  private consume(chunk: string, final: boolean): RawRow[] {
    let buf = this.pending.length === 0 ? chunk : this.pending + chunk;
    this.pending = '';
    if (!this.started && buf.length > 0) {
      this.started = true;
      if (buf.charCodeAt(0) === BOM) buf = buf.slice(1);
    }
    const rows: RawRow[] = [];
    const n = buf.length;
    let pos = 0;
    if (this.skipping) pos = this.skipRest(buf);
    // Next position of each special character at or after pos; n when there is none in buf.
    let nextQuote = -1;
    let nextCR = -1;
    let nextLF = -1;
    while (pos < n && !this.failed) {
      if (nextLF < pos) nextLF = indexOrEnd(buf, '\n', pos);
      if (nextCR < pos) nextCR = indexOrEnd(buf, '\r', pos);
      if (nextQuote < pos) nextQuote = indexOrEnd(buf, '"', pos);
      const lineEnd = nextLF < nextCR ? nextLF : nextCR;
      let status: ScanStatus;
      let breaks = 0;
      if (nextQuote >= lineEnd) {
        // The common case: no quote before the line ends, so the record is this one line.
        if (!final && (lineEnd === n || (lineEnd === n - 1 && nextCR === lineEnd))) {
          status = INCOMPLETE;
        } else {
          if (lineEnd === pos) {
            pos = terminatorEnd(buf, lineEnd);
            this.line += 1;
            continue;
          }
          if (this.width >= 0) {
            // Past the header: cells are cut straight from the buffer, without an array of them.
            this.readLine(buf, pos, lineEnd, rows);
            pos = terminatorEnd(buf, lineEnd);
            this.line += 1;
            continue;
          }
          this.cells = buf.slice(pos, lineEnd).split(',');
          this.recordEnd = terminatorEnd(buf, lineEnd);
          status = OK;
        }
      } else {
        status = this.scanQuoted(buf, pos, final);
        // A record whose terminator is the first line end has no line breaks inside: skip the count.
        if (status === OK && this.terminatorAt !== lineEnd) breaks = countBreaks(buf, pos, this.recordEnd);
      }
      if (status === INCOMPLETE) {
        if (n - pos <= this.maxRecordChars) break;
        this.addError(
          'MALFORMED_ROW',
          this.line,
          undefined,
          `record longer than ${this.maxRecordChars} characters; is a quote left open?`,
        );
        if (lineEnd === n) {
          this.skipping = true;
          pos = n;
        } else {
          pos = lineEnd;
        }
        continue;
      }
      if (status === MALFORMED) {
        this.addError('MALFORMED_ROW', this.line, undefined, this.reason);
        // Resume on the line after the record's first line, so that one stray quote costs one row.
        pos = lineEnd;
        continue;
      }
      const cells = this.cells;
      if (breaks === 0 && cells.length === 1 && (cells[0] ?? '').trim() === '') {
        pos = this.recordEnd;
        this.line += 1;
        continue;
      }
      if (this.width < 0) {
        this.readHeader(cells);
      } else if (cells.length !== this.width) {
        this.addError(
          'MALFORMED_ROW',
          this.line,
          undefined,
          `expected ${this.width} cells as in the header, found ${cells.length}`,
        );
        if (breaks > 0) {
          pos = lineEnd;
          continue;
        }
      } else {
        rows.push(this.makeRow(cells));
      }
      pos = this.recordEnd;
      this.line += 1 + breaks;
    }
    // With `final` every record resolves, so only a non-final chunk leaves text pending.
    if (pos < n && !this.failed) this.pending = buf.slice(pos);
    return rows;
  }

  /**
   * Scans one record that contains a quote, from `pos`. Sets `cells` and `recordEnd` (just past
   * its line terminator) or `reason`; INCOMPLETE when the buffer ends before the record does.
   */
  private scanQuoted(buf: string, pos: number, final: boolean): ScanStatus {
    const n = buf.length;
    const cells: string[] = [];
    let i = pos;
    let bad = '';
    for (;;) {
      if (i < n && buf.charCodeAt(i) === QUOTE) {
        let value = '';
        let seg = i + 1;
        for (;;) {
          const q = buf.indexOf('"', seg);
          if (q < 0) {
            if (!final) return INCOMPLETE;
            this.reason = `the quoted field in column ${cells.length + 1} is never closed`;
            return MALFORMED;
          }
          if (q + 1 >= n && !final) return INCOMPLETE;
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(seg, q + 1);
            seg = q + 2;
            continue;
          }
          value += buf.slice(seg, q);
          i = q + 1;
          break;
        }
        if (i < n && !isDelimiter(buf.charCodeAt(i))) {
          if (bad === '') bad = `text after the closing quote in column ${cells.length + 1}`;
          const j = delimiterFrom(buf, i);
          value += buf.slice(i, j);
          i = j;
        }
        cells.push(value);
      } else {
        const j = delimiterFrom(buf, i);
        cells.push(buf.slice(i, j));
        i = j;
      }
      if (i >= n) {
        if (!final) return INCOMPLETE;
        this.terminatorAt = n;
        this.recordEnd = n;
        break;
      }
      const c = buf.charCodeAt(i);
      if (c === COMMA) {
        i += 1;
        continue;
      }
      if (c === CR && i + 1 >= n && !final) return INCOMPLETE;
      this.terminatorAt = i;
      this.recordEnd = terminatorEnd(buf, i);
      break;
    }
    this.cells = cells;
    this.reason = bad;
    return bad === '' ? OK : MALFORMED;
  }

  private readHeader(cells: string[]): void {
    const seen = new Set<string>();
    const keepIndex: number[] = [];
    const keepName: RowField[] = [];
    for (let j = 0; j < cells.length; j++) {
      const name = (cells[j] ?? '').trim().toLowerCase();
      if (!isRowField(name)) continue;
      if (seen.has(name)) {
        this.addError('MALFORMED_ROW', this.line, name, `the header names the column "${name}" twice`);
        this.failed = true;
      }
      seen.add(name);
      keepIndex.push(j);
      keepName.push(name);
    }
    const missing = REQUIRED_FIELDS.filter((f) => !seen.has(f));
    if (missing.length > 0) {
      const found = keepName.length > 0 ? `it has ${keepName.join(',')}` : `it has none of ${ROW_FIELDS.join(',')}`;
      for (const field of missing) {
        this.addError(
          'MISSING_FIELD',
          this.line,
          field,
          `the header row lacks the required column "${field}" (${found})`,
        );
      }
      this.failed = true;
    }
    this.width = cells.length;
    this.keepIndex = keepIndex;
    this.keepName = keepName;
    this.lastCells = keepName.map(() => '');
  }

  private headerMissing(why: string): void {
    for (const field of REQUIRED_FIELDS) {
      this.addError('MISSING_FIELD', 1, field, `${why}; expected a header naming the column "${field}"`);
    }
  }

  /**
   * One unquoted line after the header: a row, a blank line skipped, or MALFORMED_ROW when it
   * has another number of cells than the header.
   */
  private readLine(buf: string, start: number, end: number, rows: RawRow[]): void {
    const starts = this.cellStarts;
    let count = 1;
    starts[0] = start;
    for (let comma = buf.indexOf(',', start); comma >= 0 && comma < end; comma = buf.indexOf(',', comma + 1)) {
      if (count <= this.width) starts[count] = comma + 1;
      count++;
    }
    if (count === 1 && buf.slice(start, end).trim() === '') return;
    if (count !== this.width) {
      this.addError(
        'MALFORMED_ROW',
        this.line,
        undefined,
        `expected ${this.width} cells as in the header, found ${count}`,
      );
      return;
    }
    const row = this.nextRow();
    const fields = row.fields;
    const idx = this.keepIndex;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k] as number;
      const from = starts[j] as number;
      const to = j + 1 < count ? (starts[j + 1] as number) - 1 : end;
      const last = this.lastCells[k] as string;
      // A column often repeats the line above (series, unit, source): the same string serves again.
      // Compared as a slice: a slice of 13 characters or more is a view, and comparing strings is
      // a memory comparison, where `startsWith` with a position or a charCodeAt loop cost five
      // times as much (and most of the reader's time).
      const text = last.length === to - from ? buf.slice(from, to) : null;
      if (text === last) {
        fields[this.keepName[k] as RowField] = last;
      } else {
        const cell = detach(text ?? buf.slice(from, to));
        this.lastCells[k] = cell;
        fields[this.keepName[k] as RowField] = cell;
      }
    }
    rows.push(row);
  }

  private makeRow(cells: string[]): RawRow {
    const row = this.nextRow();
    const idx = this.keepIndex;
    const names = this.keepName;
    for (let k = 0; k < idx.length; k++) {
      row.fields[names[k] as RowField] = detach(cells[idx[k] as number] as string);
    }
    return row;
  }

  /** A handed-back row to fill again (see {@link recycle}), or a new one. */
  private nextRow(): MutableRow {
    const row = this.spare.pop() ?? { row: 0, fields: {} };
    row.row = this.line;
    return row;
  }

  /** Drops text up to the end of an over-long line; returns where reading resumes. */
  private skipRest(buf: string): number {
    const lf = indexOrEnd(buf, '\n', 0);
    const cr = indexOrEnd(buf, '\r', 0);
    const end = lf < cr ? lf : cr;
    if (end < buf.length) this.skipping = false;
    // The terminator itself is left for the main loop, which counts it as the end of this line.
    return end;
  }

  private addError(code: RowErrorCode, row: number, field: string | undefined, reason: string): void {
    const where = field === undefined ? rowRef('csv', row) : `${rowRef('csv', row)}, field "${field}"`;
    this.pendingErrors.push({ row, ...(field === undefined ? {} : { field }), code, message: `${where}: ${reason}` });
  }
}

/** Parses a whole CSV text (see {@link CsvRowReader} for the rules). */
export function parseCsv(text: string): ParseResult {
  const reader = new CsvRowReader();
  const rows = reader.push(text);
  for (const row of reader.end()) rows.push(row);
  return { rows, errors: reader.takeErrors() };
}

function indexOrEnd(buf: string, ch: string, from: number): number {
  const i = buf.indexOf(ch, from);
  return i < 0 ? buf.length : i;
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === CR || c === LF;
}

/** First comma, CR or LF at or after `from`, or the end of `buf`. */
function delimiterFrom(buf: string, from: number): number {
  let j = from;
  while (j < buf.length && !isDelimiter(buf.charCodeAt(j))) j++;
  return j;
}

/** Position just past the line terminator at `at` (\r\n, \n or \r); `at` itself when at the end. */
function terminatorEnd(buf: string, at: number): number {
  if (at >= buf.length) return at;
  if (buf.charCodeAt(at) === CR && buf.charCodeAt(at + 1) === LF) return at + 2;
  return at + 1;
}

/** Line breaks (\r\n, \n or \r, each counted once) strictly inside a record, before its terminator. */
function countBreaks(buf: string, from: number, recordEnd: number): number {
  let end = recordEnd;
  if (end > from && buf.charCodeAt(end - 1) === LF) end -= 1;
  if (end > from && buf.charCodeAt(end - 1) === CR) end -= 1;
  let count = 0;
  for (let i = from; i < end; i++) {
    const c = buf.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR && buf.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}
