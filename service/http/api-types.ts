/**
 * Response shapes of the HTTP API, shared by the service and the dashboard so that both compile
 * against one contract. Plain data only: no imports from the server side.
 */

export interface SeriesSummary {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  readonly entity: string;
  readonly unit: string;
  /** Months with a value (reported or derived from year-to-date figures). */
  readonly months: number;
  readonly firstMonth: string | null;
  readonly latestMonth: string | null;
  readonly latestValue: number | null;
  /** Growth of the latest month on the same month a year before, percent; null without last year's value. */
  readonly yoyPct: number | null;
  /** January through the latest month, against the same months last year; null unless every month of both is known. */
  readonly ytd: {
    readonly through: string;
    readonly value: number;
    readonly lastYear: number;
    readonly yoyPct: number | null;
  } | null;
  /** Months with a reported conflict. */
  readonly conflicts: number;
}

export interface FigureView {
  readonly value: number;
  readonly source: string;
  readonly quote: string;
  readonly ingestedAt: string;
}

export interface SeriesPoint {
  readonly month: string;
  readonly value: number;
  /** `reported` by a monthly figure, or `derived` from year-to-date figures. */
  readonly basis: 'reported' | 'derived';
  readonly source: string;
  readonly quote: string;
  /** Year-to-date through this month, when a source reported one. */
  readonly ytd: number | null;
  readonly yoyPct: number | null;
  readonly lastYear: number | null;
  /** Every source's figure of this month, newest first. */
  readonly figures: readonly FigureView[];
  /** Conflict codes reported for this month (SOURCES_DISAGREE, YTD_MISMATCH, YOY_MISMATCH, YTD_NEGATIVE). */
  readonly conflicts: readonly string[];
}

export interface SeriesInfo {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  readonly entity: string;
  readonly unit: string;
}

export interface SeriesDetail {
  readonly series: SeriesInfo;
  readonly points: readonly SeriesPoint[];
}

export interface RevisionView {
  readonly month: string;
  readonly kind: 'monthly' | 'ytd';
  readonly source: string;
  readonly previousValue: number;
  readonly value: number;
  readonly changedAt: string;
}

export interface ConflictView {
  readonly series: string;
  readonly month: string;
  readonly kind: 'monthly' | 'ytd';
  readonly code: string;
  readonly message: string;
  readonly values: readonly { readonly value: number; readonly source: string; readonly kind: string }[];
}

export interface RowErrorView {
  readonly row: number;
  readonly field?: string;
  readonly code: string;
  readonly message: string;
}

export interface IngestResponse {
  readonly batch: string;
  readonly rows: number;
  readonly accepted: number;
  readonly inserted: number;
  readonly restated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Rows accepted into the durable spool while InfluxDB is unreachable; the replay stores them. */
  readonly queued: number;
  /** Each row from `first` to `last` that is not listed in `errors` was queued (`count` in all). */
  readonly queuedRows: readonly { readonly first: number; readonly last: number; readonly count: number }[];
  readonly errors: readonly RowErrorView[];
  readonly conflicts: readonly ConflictView[];
  readonly createdSeries: readonly string[];
}

export interface ApiErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: unknown;
    readonly requestId?: string;
  };
}
