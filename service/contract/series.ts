/** Series: the overview list, one series' monthly points, its revisions, and conflicts between sources. */
import { z } from 'zod';
import {
  FlagSchema,
  InstantSchema,
  MonthSchema,
  orNull,
  SeriesIdParams,
  ShortTextSchema,
  type View,
} from './common.js';
import { endpoint, failure, json } from './endpoint.js';

const KindSchema = z.enum(['monthly', 'ytd']);
export const CONFLICT_CODES = ['SOURCES_DISAGREE', 'YTD_MISMATCH', 'YOY_MISMATCH', 'YTD_NEGATIVE'] as const;

export const SeriesInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  metric: z.string(),
  entity: z.string(),
  unit: z.string(),
});
export type SeriesInfo = View<typeof SeriesInfoSchema>;

export const SeriesSummarySchema = SeriesInfoSchema.extend({
  /** Months with a value (reported or derived from year-to-date figures). */
  months: z.int(),
  firstMonth: orNull(MonthSchema),
  latestMonth: orNull(MonthSchema),
  latestValue: z.number().nullable(),
  /** Growth of the latest month on the same month a year before, percent; null without last year's value. */
  yoyPct: z.number().nullable(),
  /**
   * January through the latest month, against the same months last year: summed from the months when every
   * one of a year is known (`basis` months), else from published year-to-date totals where they stand in
   * for the unknown ones (`published`); null when neither gives this year's. `lastYear` (and `yoyPct`) is
   * null when neither gives last year's: a series that began this year still shows its year to date.
   */
  ytd: orNull(
    z.object({
      through: MonthSchema,
      value: z.number(),
      lastYear: z.number().nullable(),
      yoyPct: z.number().nullable(),
      basis: z.enum(['months', 'published']),
    }),
  ),
  /** Months with a reported conflict that no admin's review settles (open conflicts). */
  conflicts: z.int(),
  /**
   * What the series lacks before any method can forecast it, in words a planner can read (e.g. "needs 2
   * more monthly figures: …"); null when it has enough.
   */
  forecastNeeds: z.string().nullable(),
}).meta({ id: 'SeriesSummary' });
export type SeriesSummary = View<typeof SeriesSummarySchema>;

/** One source's figure of a month. */
export const FigureViewSchema = z.object({
  value: z.number(),
  source: z.string(),
  quote: z.string(),
  ingestedAt: InstantSchema,
});
export type FigureView = View<typeof FigureViewSchema>;

/** An admin's word on a month in conflict: the figure that stands, why, who and when. */
export const ConflictReviewViewSchema = z
  .object({
    series: z.string(),
    month: MonthSchema,
    /** The figure that stands: its value, the source that reported it, and its kind. */
    value: z.number(),
    source: z.string(),
    kind: z.enum(['monthly', 'ytd', 'derived']),
    reason: z.string(),
    /** The name of the token that made it. */
    by: z.string(),
    at: InstantSchema,
  })
  .meta({ id: 'ConflictReview' });
export type ConflictReviewView = View<typeof ConflictReviewViewSchema>;

export const SeriesPointSchema = z
  .object({
    month: MonthSchema,
    value: z.number(),
    /** `reported` by a monthly figure, or `derived` from year-to-date figures. */
    basis: z.enum(['reported', 'derived']),
    source: z.string(),
    quote: z.string(),
    /** Year-to-date through this month, when a source reported one. */
    ytd: z.number().nullable(),
    yoyPct: z.number().nullable(),
    lastYear: z.number().nullable(),
    /** Every source's figure of this month, newest first. */
    figures: z.array(FigureViewSchema),
    /** Conflict codes reported for this month. */
    conflicts: z.array(z.enum(CONFLICT_CODES)),
    /**
     * The review that decides this month's value, while it settles the conflict (no figure it did not
     * see has joined since); null otherwise.
     */
    reviewed: orNull(ConflictReviewViewSchema),
  })
  .meta({ id: 'SeriesPoint' });
export type SeriesPoint = View<typeof SeriesPointSchema>;

export const SeriesDetailSchema = z
  .object({
    series: SeriesInfoSchema,
    points: z.array(SeriesPointSchema),
    /**
     * The year-to-date figure through each month that has one, months without a monthly figure of their own
     * included (Jan–Feb reported only together): what the series' year to date may rest on.
     */
    published: z.array(z.object({ month: MonthSchema, value: z.number() })),
  })
  .meta({ id: 'SeriesDetail' });
export type SeriesDetail = View<typeof SeriesDetailSchema>;

export const RevisionViewSchema = z
  .object({
    month: MonthSchema,
    kind: KindSchema,
    source: z.string(),
    previousValue: z.number(),
    value: z.number(),
    changedAt: InstantSchema,
  })
  .meta({ id: 'Revision' });
export type RevisionView = View<typeof RevisionViewSchema>;

export const ConflictViewSchema = z
  .object({
    series: z.string(),
    month: MonthSchema,
    kind: KindSchema,
    code: z.enum(CONFLICT_CODES),
    message: z.string(),
    values: z.array(z.object({ value: z.number(), source: z.string(), kind: z.enum(['monthly', 'ytd', 'derived']) })),
  })
  .meta({ id: 'Conflict' });
export type ConflictView = View<typeof ConflictViewSchema>;

/** A conflict as the conflicts list shows it: whether an admin's review settled its month. */
export const ListedConflictSchema = ConflictViewSchema.extend({
  /**
   * The review that settles this month's disagreement: the month's newest review, while no figure it
   * did not see has joined since (the month's points show its figure). Null while the disagreement is
   * open: never reviewed, or changed since the review.
   */
  reviewed: orNull(ConflictReviewViewSchema),
}).meta({ id: 'ListedConflict' });
export type ListedConflictView = View<typeof ListedConflictSchema>;

const MonthRangeQuery = z
  .object({ from: MonthSchema.optional(), to: MonthSchema.optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ['from'],
    error: 'must not be after "to"',
    params: { code: 'INVALID_RANGE' },
  });

export const seriesEndpoints = {
  getSeries: endpoint({
    method: 'get',
    path: '/api/v1/series/{id}',
    summary: 'Monthly points of one series, with sources, YoY growth and conflicts',
    params: SeriesIdParams,
    query: MonthRangeQuery,
    responses: {
      200: json('The series and its points', SeriesDetailSchema),
      400: failure('Bad month (INVALID_MONTH) or a range that ends before it starts (INVALID_RANGE)'),
      404: failure('No such series'),
    },
  }),
  listRevisions: endpoint({
    method: 'get',
    path: '/api/v1/series/{id}/revisions',
    summary: 'Restatements of the series: earlier values and when they changed',
    params: SeriesIdParams,
    responses: {
      200: json('Revisions, newest first', z.object({ series: z.string(), revisions: z.array(RevisionViewSchema) })),
      404: failure('No such series'),
    },
  }),
  listConflicts: endpoint({
    method: 'get',
    path: '/api/v1/conflicts',
    summary:
      'Reported conflicts: sources that disagree, year-to-date or stated-YoY mismatches; each with the review that settled its month, or null',
    query: z.object({
      series: ShortTextSchema.optional(),
      reviewed: FlagSchema.optional().meta({
        description: 'Only conflicts whose month a review settles (true), or only open ones (false); all when absent',
      }),
    }),
    responses: {
      200: json('Conflicts', z.object({ conflicts: z.array(ListedConflictSchema) })),
      400: failure(
        'A parameter is not one short string, or `reviewed` is neither true nor false (INVALID_PARAMETER, naming it)',
      ),
      404: failure('No such series'),
    },
  }),
} as const;
