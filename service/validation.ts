/**
 * Requests checked against the contract's schemas. A refusal is a 400 AppError whose message names
 * the parameter or field and says what it must be, with a stable code: the one a refinement names
 * (e.g. `INVALID_MONTH`), else the caller's (e.g. `INVALID_PARAMETER`).
 */
import type { z } from 'zod';
import { AppError } from './errors.js';

/** Where a value came from, as the message names it. */
export type Place = 'query parameter' | 'path parameter' | 'field';

export interface Refusal {
  readonly place: Place;
  /** The code unless a refinement names its own. */
  readonly code: string;
  /** What the whole value is called, for one that is not even an object: `body` unless said. */
  readonly whole?: string;
  /** Added to the error's details beside `field`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** `value` parsed by `schema`; throws the 400 AppError of its first issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, refusal: Refusal): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw refused(result.error.issues[0]!, refusal);
}

function refused(issue: z.core.$ZodIssue, { place, code, whole = 'body', details = {} }: Refusal): AppError {
  const own = issue.code === 'custom' ? (issue.params?.['code'] as unknown) : undefined;
  const stable = typeof own === 'string' ? own : code;
  if (issue.path.length === 0)
    return new AppError(400, stable, `the ${whole} must be a JSON object`, { ...details, field: whole });
  const got = isShown(issue.input) ? `; got ${preview(issue.input)}` : '';
  return new AppError(400, stable, `${place} "${pathText(issue.path)}" ${issue.message}${got}`, {
    ...details,
    field: String(issue.path[0]),
  });
}

/** `recipients[0]`, `ytd.through`. */
function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

// Only values that fit in a sentence are echoed; an object is the whole request, and NaN is what
// a coercion made of the text sent, not the text.
const isShown = (v: unknown) =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v));

function preview(v: unknown): string {
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
