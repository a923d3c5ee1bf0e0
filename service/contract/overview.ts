/**
 * The overview's page of series: a row per series (its summary, the last 24 months and this year's
 * outlook), and what `GET /api/v1/series` takes to page, filter and sort them. The cursor is opaque
 * to clients; it holds the sort and the last row's place in it, so the next page starts after that
 * row even when rows were added or changed meanwhile.
 */
import { z } from 'zod';
import { endpoint, failure, json } from './endpoint.js';
import { FlagSchema, LimitNumberSchema, orNull, SeriesListSchema, ShortTextSchema, type View } from './common.js';
import { YearOutlookSchema } from './forecasts.js';
import { SeriesSummarySchema } from './series.js';

/** Months of the sparkline: the last two years up to the latest month. */
export const SPARK_MONTHS = 24;

export const OverviewRowSchema = SeriesSummarySchema.extend({
  /** The last {@link SPARK_MONTHS} months up to the latest one, oldest first; null for a month without a value. */
  spark: z.array(z.number().nullable()),
  /** The full-year outlook of the year the newest forecast starts in; null before a forecast, or for a unit that does not add up. */
  outlook: orNull(YearOutlookSchema),
}).meta({ id: 'OverviewRow' });
export type OverviewRow = View<typeof OverviewRowSchema>;

/** Columns the overview sorts by. */
export const OVERVIEW_SORT_KEYS = [
  'name',
  'id',
  'metric',
  'entity',
  'unit',
  'months',
  'latestMonth',
  'latestValue',
  'yoyPct',
  'ytdPct',
  'fyPct',
  'conflicts',
] as const;
export type OverviewSortKey = (typeof OVERVIEW_SORT_KEYS)[number];

export interface OverviewSort {
  readonly key: OverviewSortKey;
  /** 1 ascending, -1 descending; rows without a value come last either way. */
  readonly dir: 1 | -1;
}

/** `yoyPct` ascending, `-yoyPct` descending. */
export const sortText = (sort: OverviewSort): string => `${sort.dir === -1 ? '-' : ''}${sort.key}`;

const SORT_TEXTS = OVERVIEW_SORT_KEYS.flatMap((k) => [k, `-${k}`]) as [string, ...string[]];

export const OverviewSortSchema = z
  .enum(SORT_TEXTS, {
    error: `must be a column, with a leading "-" for descending: one of ${OVERVIEW_SORT_KEYS.join(', ')}`,
  })
  .transform((s): OverviewSort => ({ key: s.replace(/^-/, '') as OverviewSortKey, dir: s.startsWith('-') ? -1 : 1 }))
  .meta({ example: '-yoyPct' });

/** Where a page ended: the sort it was in, and the last row's sort value and id. */
export interface OverviewCursor {
  readonly sort: string;
  readonly value: string | number | null;
  readonly id: string;
}

export function encodeCursor(cursor: OverviewCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([cursor.sort, cursor.value, cursor.id]));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The cursor `text` holds, or null when it is not one this service made. */
export function decodeCursor(text: string): OverviewCursor | null {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [sort, value, id] = parsed as unknown[];
    if (typeof sort !== 'string' || typeof id !== 'string') return null;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') return null;
    return { sort, value, id };
  } catch {
    return null;
  }
}

const CursorSchema = z
  .string({ error: 'must be the nextCursor of an earlier answer' })
  .max(1000, 'must be the nextCursor of an earlier answer')
  .transform((text, ctx) => {
    const cursor = decodeCursor(text);
    if (cursor) return cursor;
    ctx.addIssue({ code: 'custom', message: 'must be the nextCursor of an earlier answer', input: text });
    return z.NEVER;
  });

/** The overview's filters and paging; any of them makes `GET /api/v1/series` answer a page. */
export const OverviewQuerySchema = z
  .object({
    limit: LimitNumberSchema.optional().meta({ description: 'Rows per page, 1 to 1000; 50 unless asked' }),
    cursor: CursorSchema.optional().meta({ description: 'The `nextCursor` of the page before, with the same sort' }),
    q: ShortTextSchema.optional().meta({ description: 'Text in the name or id, any case' }),
    metric: ShortTextSchema.optional(),
    entity: ShortTextSchema.optional(),
    unit: ShortTextSchema.optional(),
    series: SeriesListSchema.optional(),
    sort: OverviewSortSchema.optional().meta({
      description: 'A column; a leading "-" sorts descending. `name` unless asked',
    }),
    hasConflicts: FlagSchema.optional().meta({
      description: 'Only series with (true) or without (false) a conflict no review settles',
    }),
  })
  .superRefine((q, ctx) => {
    const sort = sortText(q.sort ?? DEFAULT_SORT);
    if (q.cursor && q.cursor.sort !== sort)
      ctx.addIssue({
        code: 'custom',
        path: ['cursor'],
        message: `was made for sort "${q.cursor.sort}", not "${sort}": start again without a cursor`,
      });
  });
export type OverviewQuery = z.output<typeof OverviewQuerySchema>;

/** Parameters that ask for a page; without any of them the answer is the whole list, as it always was. */
export const PAGE_PARAMETERS = ['limit', 'cursor', 'q', 'entity', 'unit', 'series', 'sort', 'hasConflicts'] as const;

export const DEFAULT_SORT: OverviewSort = { key: 'name', dir: 1 };
export const DEFAULT_PAGE_SIZE = 50;

export const OverviewPageSchema = z
  .object({
    series: z.array(OverviewRowSchema),
    /** Series that match the filters, on every page together. */
    total: z.int(),
    /** Ask with `cursor` for the next page; null on the last. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'OverviewPage' });
export type OverviewPage = View<typeof OverviewPageSchema>;

export const overviewEndpoints = {
  listSeries: endpoint({
    method: 'get',
    path: '/api/v1/series',
    summary: 'Series with their latest month, value, YoY growth and year to date: all of them, or a page',
    description:
      'Without parameters (or with `metric` alone) every series, as a list of summaries. With any of ' +
      '`limit`, `cursor`, `q`, `entity`, `unit`, `series`, `sort` or `hasConflicts` a page of overview rows ' +
      "(summary, sparkline, this year's outlook) in the sort asked for, with the number of matching series " +
      'and the cursor of the next page. Answered from memory, kept current by ingests and forecast runs.',
    query: OverviewQuerySchema,
    responses: {
      200: json(
        'Every series, or a page of them',
        z.union([z.object({ series: z.array(SeriesSummarySchema) }), OverviewPageSchema]),
      ),
      400: failure('A parameter that is not what it must be (`sort`, `limit`, `cursor`, a flag), named in the message'),
    },
  }),
} as const;
