/**
 * Shapes of stored forecasts, job runs and forecast accuracy as the API and the live channel carry
 * them. Shared by the service and the dashboard, so plain data only: no imports from the server side.
 */

/** A month key, `YYYY-MM`. */
export type Month = string;

/** One forecast month: the point, 80 % and 95 % bands, and growth on the same month last year. */
export interface StoredForecastPoint {
  readonly month: Month;
  /** Months after the last actual the run saw: 1 is the month after it. */
  readonly h: number;
  readonly point: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
  /** Percent; null when last year's month has no value. */
  readonly yoyPct: number | null;
  readonly yoyBasis: 'actual' | 'forecast' | null;
}

/** Backtest accuracy of the chosen method, as the engine measured it when it fitted. */
export interface AccuracySummary {
  readonly smape: number;
  readonly mase: number;
  readonly coverage80: number;
  readonly coverage95: number;
  readonly origins: number;
}

/** A calendar year the horizon touches: full-year total with its 95 % interval, and last year's. */
export interface YearOutlook {
  readonly year: number;
  readonly monthsActual: number;
  readonly monthsForecast: number;
  readonly fullYear: {
    readonly point: number;
    readonly lo80: number;
    readonly hi80: number;
    readonly lo95: number;
    readonly hi95: number;
  } | null;
  readonly fullYearLastYear: number | null;
  readonly fullYearYoyPct: number | null;
}

/** One series' forecast from one run. */
export interface SeriesForecast {
  readonly series: string;
  readonly run: string;
  /** When the run fitted it, ISO 8601. */
  readonly fittedAt: string;
  readonly method: string;
  readonly model: string;
  readonly reason: string;
  /** The last month with an actual value when the run fitted. */
  readonly lastActual: Month;
  readonly backtest: AccuracySummary | null;
  readonly years: readonly YearOutlook[];
  readonly points: readonly StoredForecastPoint[];
  /** The literal year-over-year growth model the engine always gives beside the chosen one. */
  readonly baseline: { readonly method: string; readonly points: readonly StoredForecastPoint[] };
}

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'skipped';

/** What started a run: the schedule, start-up catch-up of a missed slot, the first run of an empty database, an ingest, or a person. */
export type RunTrigger = 'schedule' | 'catch-up' | 'initial' | 'ingest' | 'manual';

export interface RunError {
  readonly series: string;
  readonly code: string;
  readonly message: string;
}

/** The record of one job run. */
export interface RunRecord {
  readonly id: string;
  readonly job: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  /** The schedule slot this run stands for (ISO 8601), for scheduled and catch-up runs. */
  readonly slot: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  /** Series the run set out to fit, fitted, and failed. */
  readonly seriesTotal: number;
  readonly seriesFitted: number;
  readonly errors: readonly RunError[];
  /** Plain words: why it was skipped, or what went wrong as a whole. */
  readonly message: string;
}

/** How an earlier forecast of a month did once its actual arrived. */
export interface ForecastOutcome {
  readonly series: string;
  readonly run: string;
  readonly model: string;
  readonly month: Month;
  /** Months ahead the forecast was made. */
  readonly h: number;
  readonly fittedAt: string;
  readonly actual: number;
  readonly point: number;
  /** actual − point. */
  readonly error: number;
  /** |error| / actual × 100; null when the actual is 0. */
  readonly apePct: number | null;
  readonly within80: boolean;
  readonly within95: boolean;
}

/** Accuracy of past forecasts at one horizon (months ahead). */
export interface HorizonOutcome {
  readonly h: number;
  readonly n: number;
  /** Mean absolute percentage error over months with a non-zero actual; null when none. */
  readonly mapePct: number | null;
  /** Share of actuals inside the 80 % and 95 % bands, 0..1. */
  readonly within80: number;
  readonly within95: number;
}

/** A series' newest forecast and its earlier fits. */
export interface SeriesForecastView {
  readonly forecast: SeriesForecast | null;
  /** Earlier fits, newest first, without points. */
  readonly history: readonly ForecastFit[];
}

/** A fit without its points: model, reason, accuracy, outlook. */
export type ForecastFit = Omit<SeriesForecast, 'points' | 'baseline'>;

/** GET /api/v1/forecasts/:id/outcomes. */
export interface OutcomesView {
  readonly series: string;
  readonly outcomes: readonly ForecastOutcome[];
  readonly byHorizon: readonly HorizonOutcome[];
}
