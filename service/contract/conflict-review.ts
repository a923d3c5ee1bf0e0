/**
 * Reviewing a month in conflict: an admin says which of the disagreeing figures stands and why.
 * Queries then show that figure for the month (marked reviewed), and the month's conflict alert
 * resolves; a later review replaces it, the earlier ones kept in InfluxDB and listed by the month's
 * review history.
 */
import { z } from 'zod';
import { MonthSchema, orNull, SeriesIdSchema, type View } from './common.js';
import { endpoint, failure, json } from './endpoint.js';
import { ConflictReviewViewSchema, SeriesPointSchema } from './series.js';

export const ConflictReviewRequestSchema = z
  .object({
    /** The source whose figure stands (as the conflict lists it). */
    source: z.string({ error: 'must be the source of a figure in conflict' }).trim().min(1).max(2000).optional(),
    /** The value that stands (as the conflict lists it); needed when the source reports several. */
    value: z.number({ error: 'must be the value of a figure in conflict' }).optional(),
    reason: z.string({ error: 'must say why, in at most 500 characters' }).trim().min(1).max(500),
  })
  .refine((r) => r.source !== undefined || r.value !== undefined, {
    error: 'must name the figure that stands (its source, its value, or both)',
    path: ['source'],
  });
export type ConflictReviewRequest = z.output<typeof ConflictReviewRequestSchema>;

/** One review of a month's history. */
export const ConflictReviewRecordSchema = ConflictReviewViewSchema.extend({
  /** The month's newest review, which replaced the others. */
  inForce: z.boolean(),
  /**
   * Whether it decides the month now: the one in force, while no figure it did not see has joined the
   * month's conflict (the conflicts list and the month's point show it as `reviewed` then).
   */
  settles: z.boolean(),
}).meta({ id: 'ConflictReviewRecord' });
export type ConflictReviewRecord = View<typeof ConflictReviewRecordSchema>;

const MonthOfSeriesParams = z.object({ id: SeriesIdSchema, month: MonthSchema });

export const conflictReviewEndpoints = {
  reviewConflict: endpoint({
    method: 'post',
    path: '/api/v1/series/{id}/conflicts/{month}/review',
    summary:
      "Say which figure stands for a month in conflict, and why (admin); queries show it, the month's conflict alert resolves, a later review replaces it",
    params: MonthOfSeriesParams,
    body: ConflictReviewRequestSchema,
    responses: {
      200: json(
        'The review in force, the one it replaced, and the month as queries now show it',
        z.object({
          review: ConflictReviewViewSchema,
          replaced: orNull(ConflictReviewViewSchema),
          point: orNull(SeriesPointSchema),
        }),
      ),
      400: failure(
        'A bad month (INVALID_MONTH), no reason, or a source or value naming no figure in conflict (INVALID_FIELD, naming the field)',
      ),
      404: failure('No such series (NOT_FOUND)'),
      409: failure('The month has no conflict to review (NO_CONFLICT)'),
    },
  }),
  listConflictReviews: endpoint({
    method: 'get',
    path: '/api/v1/series/{id}/conflicts/{month}/reviews',
    summary: 'Every review of a month, newest first, the one in force marked, and whether it still settles the month',
    params: MonthOfSeriesParams,
    responses: {
      200: json(
        'The reviews of the month, newest first; none for a month never reviewed',
        z.object({ series: z.string(), month: MonthSchema, reviews: z.array(ConflictReviewRecordSchema) }),
      ),
      400: failure('A bad month (INVALID_MONTH)'),
      404: failure('No such series (NOT_FOUND)'),
    },
  }),
} as const;
