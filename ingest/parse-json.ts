/**
 * JSON uploads as raw rows: an array of row objects, or `{ "rows": [...] }`, each with the same
 * field names as the CSV header. Values are passed on as JSON held them for validation to judge.
 */
import { ROW_FIELDS, rowRef } from './fields.js';
import type { ParseResult, RawRow, RowError } from './types.js';

const SHAPE = 'expected a JSON array of row objects, or an object {"rows": [...]}';

/**
 * Reads an already-decoded JSON body. Each element's `row` is its 0-based array index; an element
 * that is not an object is a MALFORMED_ROW error. A body of any other shape gives no rows and one
 * MALFORMED_ROW error (row 0, no field) that explains the expected shape. Keys other than the row
 * fields are ignored.
 */
export function parseJsonRows(body: unknown): ParseResult {
  const list = isRecord(body) && Object.hasOwn(body, 'rows') ? body.rows : body;
  if (!Array.isArray(list)) {
    return {
      rows: [],
      errors: [{ row: 0, code: 'MALFORMED_ROW', message: `the body is ${describe(body)}; ${SHAPE}` }],
    };
  }
  const rows: RawRow[] = [];
  const errors: RowError[] = [];
  list.forEach((item: unknown, index) => {
    if (!isRecord(item)) {
      errors.push({
        row: index,
        code: 'MALFORMED_ROW',
        message: `${rowRef('json', index)}: is ${describe(item)}, not a row object`,
      });
      return;
    }
    const fields: Record<string, unknown> = {};
    for (const name of ROW_FIELDS) {
      if (Object.hasOwn(item, name)) fields[name] = item[name];
    }
    rows.push({ row: index, fields });
  });
  return { rows, errors };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object without a "rows" array';
  return `a ${typeof v}`;
}
