/**
 * The row fields every input format maps onto, and how messages name a row in each format, so
 * that CSV, JSON and line protocol read the same in errors.
 */
import type { InputFormat } from './types.js';

/** Field names a raw row may carry; any other column or key is ignored. */
export const ROW_FIELDS = [
  'series',
  'month',
  'value',
  'unit',
  'kind',
  'yoy_pct_stated',
  'source',
  'quote',
  'metric',
  'entity',
  'name',
] as const;

/** One of {@link ROW_FIELDS}. */
export type RowField = (typeof ROW_FIELDS)[number];

/** Fields without which a row means nothing: a CSV header must name them. */
export const REQUIRED_FIELDS: readonly RowField[] = ['series', 'month', 'value'];

const FIELD_SET: ReadonlySet<string> = new Set(ROW_FIELDS);

/** Whether `name` is one of {@link ROW_FIELDS}. */
export function isRowField(name: string): name is RowField {
  return FIELD_SET.has(name);
}

/**
 * How a message names a row: `line 17` for text formats (1-based physical line), `rows[3]` for a
 * JSON array element (0-based index).
 */
export function rowRef(format: InputFormat, row: number): string {
  return format === 'json' ? `rows[${row}]` : `line ${row}`;
}

/**
 * A copy of `s` that does not keep alive the larger text it was cut from. V8 represents a
 * substring of 13 or more characters as a view into its parent, so a 40-character source URL
 * kept in a cache would otherwise pin the whole 64 KiB upload chunk it came from (measured: 2,000
 * such cells pinned 125 MB). Shorter strings are always copied by V8 and are returned as they are.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
