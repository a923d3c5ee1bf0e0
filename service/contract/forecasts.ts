/**
 * Stored forecasts: the newest per series with its bands, YoY growth and year outlook, a series'
 * fit history, and how earlier forecasts did once the actuals arrived.
 */
import { z } from 'zod';
import { InstantSchema, MonthSchema, orNull, SeriesIdParams, SeriesListSchema, type View } from './common.js';
import { endpoint, failure, json } from './endpoint.js';

/** One forecast month: the point, 80 % and 95 % bands, and growth on the same month last year. */
export const StoredForecastPointSchema = z
  .object({
    month: MonthSchema,
    /** Months after the last actual the run saw: 1 is the month after it. */
    h: z.int().meta({ description: 'Months after the last actual' }),
    point: z.number(),
    lo80: z.number(),
    hi80: z.number(),
    lo95: z.number(),
    hi95: z.number(),
    /** Percent; null when last year's month has no value. */
    yoyPct: z.number().nullable(),
    yoyBasis: z.enum(['actual', 'forecast']).nullable(),
  })
  .meta({ id: 'ForecastPoint' });
export type StoredForecastPoint = View<typeof StoredForecastPointSchema>;

/** Backtest accuracy of the chosen method, as the engine measured it when it fitted. */
export const AccuracySummarySchema = z.object({
  smape: z.number(),
  mase: z.number(),
  coverage80: z.number(),
  coverage95: z.number(),
  origins: z.int(),
});
export type AccuracySummary = View<typeof AccuracySummarySchema>;

/** A calendar year the horizon touches: full-year total with its 80 % and 95 % intervals, and last year's. */
export const YearOutlookSchema = z.object({
  year: z.int(),
  monthsActual: z.int(),
  monthsForecast: z.int(),
  /** Months before the forecast with no figure of their own inside a known total the year holds whole (a quarter). */
  monthsInTotals: z.int().nullable(),
  /** The other months before the forecast with no figure, estimated inside the total. Both null on a fit stored before they were counted. */
  monthsFilled: z.int().nullable(),
  fullYear: orNull(
    z.object({ point: z.number(), lo80: z.number(), hi80: z.number(), lo95: z.number(), hi95: z.number() }),
  ),
  fullYearLastYear: z.number().nullable(),
  fullYearYoyPct: z.number().nullable(),
});
export type YearOutlook = View<typeof YearOutlookSchema>;

/** A fit without its points: model, reason, accuracy, outlook. */
export const ForecastFitSchema = z
  .object({
    series: z.string(),
    run: z.string(),
    /** When the run fitted it. */
    fittedAt: InstantSchema,
    method: z.string().meta({ example: 'auto' }),
    model: z.string().meta({ example: 'ETS(M,Ad,M)' }),
    reason: z.string(),
    /** How the intervals were calibrated, in words (the evidence, method and history); null for fits stored before it was recorded. */
    calibration: z.string().nullable(),
    /** The last month with an actual value when the run fitted. */
    lastActual: MonthSchema,
    backtest: orNull(AccuracySummarySchema),
    /** Why the fit has no backtest, in words a planner can read; null when it has one, and for fits stored before the reason was. */
    noBacktest: z.string().nullable(),
    years: z.array(YearOutlookSchema),
  })
  .meta({ id: 'ForecastFit' });
export type ForecastFit = View<typeof ForecastFitSchema>;

/** One series' forecast from one run. */
export const SeriesForecastSchema = ForecastFitSchema.extend({
  points: z.array(StoredForecastPointSchema),
  /** The literal year-over-year growth model the engine always gives beside the chosen one. */
  baseline: z.object({ method: z.string(), points: z.array(StoredForecastPointSchema) }),
}).meta({ id: 'SeriesForecast' });
export type SeriesForecast = View<typeof SeriesForecastSchema>;

/** A series' newest forecast (null before the first fit) and its earlier fits, newest first, without points. */
export const SeriesForecastViewSchema = z.object({
  forecast: orNull(SeriesForecastSchema),
  history: z.array(ForecastFitSchema),
  /**
   * Without a forecast, what the series lacks before any method can forecast it (e.g. "needs 2 more
   * monthly figures: …"); null when it has enough (then the forecast job fits it on its next run).
   */
  forecastNeeds: z.string().nullable(),
});
export type SeriesForecastView = View<typeof SeriesForecastViewSchema>;

/** How an earlier forecast of a month did once its actual arrived. */
export const ForecastOutcomeSchema = z
  .object({
    series: z.string(),
    run: z.string(),
    model: z.string(),
    month: MonthSchema,
    /** Months ahead the forecast was made. */
    h: z.int(),
    fittedAt: InstantSchema,
    actual: z.number(),
    point: z.number(),
    /** actual − point. */
    error: z.number().meta({ description: 'actual − point' }),
    /** |error| / actual × 100; null when the actual is 0. */
    apePct: z.number().nullable(),
    within80: z.boolean(),
    within95: z.boolean(),
  })
  .meta({ id: 'ForecastOutcome' });
export type ForecastOutcome = View<typeof ForecastOutcomeSchema>;

/** Accuracy of past forecasts at one horizon (months ahead). */
export const HorizonOutcomeSchema = z.object({
  h: z.int(),
  n: z.int(),
  /** Mean absolute percentage error over months with a non-zero actual; null when none. */
  mapePct: z.number().nullable(),
  /** Share of actuals inside the 80 % and 95 % bands, 0..1. */
  within80: z.number(),
  within95: z.number(),
});
export type HorizonOutcome = View<typeof HorizonOutcomeSchema>;

export const OutcomesViewSchema = z.object({
  series: z.string(),
  outcomes: z.array(ForecastOutcomeSchema),
  byHorizon: z.array(HorizonOutcomeSchema),
});
export type OutcomesView = View<typeof OutcomesViewSchema>;

/** `?series=a,b`, or every series. */
export const SeriesFilterQuery = z.object({ series: SeriesListSchema.optional() });

export const forecastEndpoints = {
  listForecasts: endpoint({
    method: 'get',
    path: '/api/v1/forecasts',
    summary: 'The newest stored forecast of every series (or of the listed ones), with bands and YoY growth',
    query: SeriesFilterQuery,
    responses: {
      200: json('Forecasts', z.object({ forecasts: z.array(SeriesForecastSchema) })),
      400: failure('`series` is not a list of series ids'),
    },
  }),
  getForecast: endpoint({
    method: 'get',
    path: '/api/v1/forecasts/{id}',
    summary: "A series' newest forecast and the history of its fits (model, backtest accuracy, time)",
    params: SeriesIdParams,
    responses: {
      200: json('Newest forecast (null before the first fit) and earlier fits, newest first', SeriesForecastViewSchema),
      404: failure('No such series'),
    },
  }),
  getOutcomes: endpoint({
    method: 'get',
    path: '/api/v1/forecasts/{id}/outcomes',
    summary: 'Past forecasts of a series against the actuals that arrived, and their accuracy by months ahead',
    params: SeriesIdParams,
    responses: {
      200: json('Outcomes by month, and by horizon', OutcomesViewSchema),
      404: failure('No such series'),
    },
  }),
} as const;
