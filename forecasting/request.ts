/**
 * Checks a forecast request field by field, naming the field at fault in a ForecastInputError, and applies
 * its defaults.
 */
import { MAX_YEAR, MIN_YEAR, monthIndex, parseMonthKey } from '../common/month.js';
import { ForecastInputError } from './errors.js';
import type { KnownSum } from './gaps.js';
import { checkForms } from './kept-forms.js';
import type { ForecastRequest, Selection } from './types.js';

/** A request with every field checked and defaults applied. */
export interface Checked {
  readonly values: ArrayLike<number>;
  readonly startIndex: number;
  readonly horizon: number;
  readonly method: string;
  readonly seed: number;
  readonly paths: number;
  readonly targets: Readonly<Record<number, number>>;
  readonly totals: readonly KnownSum[];
  readonly selection: Selection | undefined;
  readonly related: CheckedRelated | undefined;
}

/** A related series, checked: its values and totals as positions in them, and its first calendar month. */
export interface CheckedRelated {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly startIndex: number;
  readonly totals: readonly KnownSum[];
}

function integerIn(value: unknown, field: string, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new ForecastInputError(field, `must be an integer from ${lo} to ${hi}, got ${String(value)}`);
  }
  return value;
}

/** The month index of a request's month, by the same strict rule as ingest; a ForecastInputError naming `field`. */
function monthIndexOf(value: unknown, field: string): number {
  const key = typeof value === 'string' ? parseMonthKey(value) : null;
  if (key === null) {
    throw new ForecastInputError(
      field,
      `expected a month as YYYY-MM from ${MIN_YEAR} to ${MAX_YEAR}, got ${JSON.stringify(value)}`,
    );
  }
  return monthIndex(key);
}

/** Known totals as spans of positions in `values`; a ForecastInputError naming `totals[i]` (under `name`) or its field. */
function checkTotals(raw: unknown, startIndex: number, length: number, name = 'totals'): KnownSum[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ForecastInputError(name, 'must be an array of {from, to, total}');
  const spans = raw.map((item: unknown, i): KnownSum => {
    const field = `${name}[${i}]`;
    if (typeof item !== 'object' || item === null) throw new ForecastInputError(field, 'must be {from, to, total}');
    const t = item as Record<string, unknown>;
    const from = monthIndexOf(t.from, `${field}.from`) - startIndex;
    const to = monthIndexOf(t.to, `${field}.to`) - startIndex;
    if (to < from) throw new ForecastInputError(`${field}.to`, `must not be before from (${String(t.from)})`);
    if (typeof t.total !== 'number' || !Number.isFinite(t.total))
      throw new ForecastInputError(`${field}.total`, `must be a finite number, got ${String(t.total)}`);
    if (from < 0 || to >= length)
      throw new ForecastInputError(field, `spans ${String(t.from)} to ${String(t.to)}, outside the months of values`);
    return { from, to, total: t.total, field };
  });
  const byStart = [...spans].sort((a, b) => a.from - b.from);
  for (let k = 1; k < byStart.length; k++) {
    const a = byStart[k - 1] as KnownSum;
    const b = byStart[k] as KnownSum;
    if (b.from <= a.to) throw new ForecastInputError(b.field, `overlaps ${a.field}`);
  }
  return spans;
}

/** Monthly values as a request gives them; a ForecastInputError naming `field` or `field[i]`. */
function checkValues(raw: unknown, field: string): ArrayLike<number> {
  const values = raw as ArrayLike<number> | undefined;
  if (values === undefined || values === null || typeof values.length !== 'number' || values.length === 0) {
    throw new ForecastInputError(field, 'must be a non-empty array of monthly values');
  }
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number')
      throw new ForecastInputError(`${field}[${i}]`, `must be a number (NaN for a gap), got ${typeof values[i]}`);
  }
  return values;
}

function checkRelated(raw: unknown): CheckedRelated | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ForecastInputError('related', 'must be {name, start, values} with optional totals');
  const r = raw as Record<string, unknown>;
  if (typeof r.name !== 'string' || r.name.trim() === '')
    throw new ForecastInputError('related.name', 'must be a non-empty string naming the related series');
  const values = checkValues(r.values, 'related.values');
  const startIndex = monthIndexOf(r.start, 'related.start');
  return {
    name: r.name,
    values,
    startIndex,
    totals: checkTotals(r.totals, startIndex, values.length, 'related.totals'),
  };
}

/**
 * Checks a request and applies the defaults; throws a ForecastInputError naming the field at fault.
 */
export function check(request: ForecastRequest): Checked {
  const values = checkValues(request.values, 'values');
  const targets = request.targets ?? {};
  for (const [year, target] of Object.entries(targets)) {
    if (!Number.isInteger(Number(year)))
      throw new ForecastInputError('targets', `keys must be calendar years, got ${year}`);
    if (typeof target !== 'number' || !Number.isFinite(target))
      throw new ForecastInputError(`targets.${year}`, 'must be a finite number');
  }
  const method = request.method ?? 'auto';
  if (typeof method !== 'string') throw new ForecastInputError('method', 'must be a string');
  const startIndex = monthIndexOf(request.start, 'start');
  return {
    values,
    startIndex,
    totals: checkTotals(request.totals, startIndex, values.length),
    horizon: integerIn(request.horizon ?? 12, 'horizon', 1, 36),
    method,
    seed: integerIn(request.seed ?? 1, 'seed', 0, 2 ** 32 - 1),
    paths: integerIn(request.paths ?? 2000, 'paths', 100, 100_000),
    targets,
    selection: checkSelection(request.selection, startIndex, startIndex + values.length - 1),
    related: checkRelated(request.related),
  };
}

/** An earlier selection's record, its month among those of `values` (indices `firstIndex` to `lastIndex`). */
function checkSelection(raw: unknown, firstIndex: number, lastIndex: number): Selection | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null)
    throw new ForecastInputError('selection', 'must be {through, method, forms} as a result gave it');
  const s = raw as Record<string, unknown>;
  const through = monthIndexOf(s.through, 'selection.through');
  if (through < firstIndex || through > lastIndex)
    throw new ForecastInputError('selection.through', `${String(s.through)} is outside the months of values`);
  if (typeof s.method !== 'string') throw new ForecastInputError('selection.method', 'must be a method name');
  return { through: s.through as string, method: s.method, forms: checkForms(s.forms, 'selection.forms') };
}
