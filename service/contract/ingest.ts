/**
 * Ingest: the rows a JSON upload holds and the answer to every upload. The rows themselves are
 * validated by ingest/validate.ts, by hand, because the ingest bench measures that path; these
 * schemas only document it.
 */
import { z } from 'zod';
import { MonthSchema, type View } from './common.js';
import { endpoint, failure, json } from './endpoint.js';
import { ListedConflictSchema } from './series.js';

const numberOrText = z.union([z.number(), z.string()]);

/** One row of a JSON upload: the CSV header's fields. */
export const RowSchema = z
  .object({
    series: z.string(),
    month: MonthSchema,
    value: numberOrText.meta({ description: 'A number, or text such as "44,126"' }),
    unit: z.string().optional(),
    kind: z.enum(['monthly', 'ytd']).optional(),
    yoy_pct_stated: numberOrText.optional(),
    source: z.string().optional(),
    quote: z.string().optional(),
    metric: z.string().optional(),
    entity: z.string().optional(),
    name: z.string().optional(),
  })
  .meta({ id: 'Row' });

export const RowErrorViewSchema = z
  .object({ row: z.int(), field: z.string().optional(), code: z.string(), message: z.string() })
  .meta({ id: 'RowError' });
export type RowErrorView = View<typeof RowErrorViewSchema>;

export const IngestResponseSchema = z
  .object({
    batch: z.string(),
    rows: z.int(),
    accepted: z.int(),
    inserted: z.int(),
    restated: z.int(),
    unchanged: z.int(),
    rejected: z.int(),
    /** Rows accepted into the durable spool while InfluxDB is unreachable; the replay stores them. */
    queued: z.int(),
    /** Each row from `first` to `last` that is not listed in `errors` was queued (`count` in all). */
    queuedRows: z.array(z.object({ first: z.int(), last: z.int(), count: z.int() })),
    errors: z.array(RowErrorViewSchema),
    /** Conflicts in the months the batch touched; `reviewed` is the admin's review that settles one, if any. */
    conflicts: z.array(ListedConflictSchema),
    createdSeries: z.array(z.string()),
  })
  .meta({ id: 'IngestResponse' });
export type IngestResponse = View<typeof IngestResponseSchema>;

export const ingestEndpoints = {
  ingest: endpoint({
    method: 'post',
    path: '/api/v1/ingest',
    summary: 'Ingest monthly figures (CSV streamed, or JSON rows)',
    description:
      'CSV needs a header with series, month, value; optional unit, kind (monthly | ytd), yoy_pct_stated, source, quote, metric, entity, name. ' +
      'Every row is validated; refused rows are listed by row and field, the others are stored. Re-sending the same data changes nothing.',
    rawBodies: {
      'text/csv': {
        schema: z.string(),
        example: 'series,month,value,unit,source\nseres_nev_sales,2024-06,"44,126",units,https://example.com\n',
      },
      'application/json': { schema: z.union([z.array(RowSchema), z.object({ rows: z.array(RowSchema) })]) },
    },
    responses: {
      200: json('Every row stored', IngestResponseSchema),
      202: json(
        'Every row accepted; InfluxDB is unreachable, so `queued` rows wait in the durable spool and are stored when it is back',
        IngestResponseSchema,
      ),
      400: failure('The body is not UTF-8 text (BODY_NOT_UTF8) or not JSON (BODY_INVALID_JSON)'),
      413: failure('Body over PULSECAST_MAX_BODY_BYTES'),
      415: failure('Neither text/csv nor application/json'),
      422: json('Some rows refused (each named); the others stored (or queued, see `queued`)', IngestResponseSchema),
      503: failure('Storage failed part-way; details.stored says what was stored'),
    },
  }),
} as const;
