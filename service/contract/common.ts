/**
 * Building blocks of the contract: the readonly view of a schema's type, and the schemas of the
 * values many answers and requests share (months, instants, series ids, list limits).
 */
import { z } from 'zod';
import { parseMonthKey } from '../../common/month.js';

/** Every route of the contract lives under this prefix. */
export const API_PREFIX = '/api/v1';

type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** What a schema describes, as the page and the service see it: its parsed output, read-only throughout. */
export type View<S extends z.ZodType> = DeepReadonly<z.output<S>>;

/**
 * A calendar month, `YYYY-MM`, by common/month.ts's rule. A refinement rather than `.regex` so that
 * a refused month answers with its own stable code (`INVALID_MONTH`); the document gets the format
 * as a pattern.
 */
export const MonthSchema = z
  .string()
  .refine((s) => parseMonthKey(s) === s, {
    error: 'must be a month such as 2024-06',
    params: { code: 'INVALID_MONTH' },
  })
  .meta({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2024-06' });

/** An instant as ISO 8601 in UTC, e.g. `2025-07-05T01:00:00.000Z`. */
export const InstantSchema = z.iso.datetime();

/**
 * `schema` or null. Spelled as a union rather than `.nullable()`: for a schema with an id the
 * generator would otherwise write `allOf: [$ref, {type: [object, null]}]`, which refuses null.
 */
export const orNull = <S extends z.ZodType>(schema: S) => z.union([schema, z.null()]);

/** A series id as the path names it. */
export const SeriesIdSchema = z.string().meta({ example: 'seres_nev_sales' });
export const SeriesIdParams = z.object({ id: SeriesIdSchema });

/** One short query string (metric, job name, one series id). */
export const ShortTextSchema = z.string({ error: 'must be one short string' }).max(200, 'must be one short string');

/** A query flag: `true` or `false`, read as a boolean. */
export const FlagSchema = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

/** `?series=a,b`: comma-separated series ids, read as a list (blanks dropped). */
export const SeriesListSchema = z
  .string({ error: 'must be a comma-separated list of series ids' })
  .max(10_000, 'must be a comma-separated list of series ids')
  .transform((s) =>
    s
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .meta({ description: 'Comma-separated series ids; all when absent', example: 'seres_nev_sales,aito_deliveries' });

/** How many records a list answers with: 1 to 1000. */
export const LimitNumberSchema = z.coerce
  .number({ error: 'must be a whole number from 1 to 1000' })
  .int()
  .min(1)
  .max(1000);

/** How many records a list answers with: 1 to 1000, 50 unless asked. */
export const LimitSchema = LimitNumberSchema.default(50);
