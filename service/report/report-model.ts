/**
 * The numbers of one report email, built from the same sources the API serves: the series summary
 * (latest month, YoY, year-to-date) as `GET /api/v1/series` shows it, the resolved actuals, and a
 * stored forecast run. Nothing is re-fitted or recomputed here, so the email and the API agree.
 * Pure: the caller reads the store and passes plain data.
 */
import type { ForecastPoint } from '../../forecasting/types.js';
import { addMonths } from '../../common/month.js';
import type { SeriesSummary } from '../contract/index.js';
import type { ReportConfig } from './report-config.js';

/** A calendar year the forecast touches, as a stored run keeps it. */
export interface StoredYear {
  readonly year: number;
  readonly monthsActual: number;
  readonly monthsForecast: number;
  /** Both null on a fit stored before they were counted. */
  readonly monthsInTotals: number | null;
  readonly monthsFilled: number | null;
  readonly fullYear: { readonly point: number; readonly lo80: number; readonly hi80: number } | null;
  readonly fullYearLastYear: number | null;
  readonly fullYearYoyPct: number | null;
}

/**
 * One series' forecast as a stored run holds it: the fields of the forecast store's
 * `SeriesForecast` that a report shows (that type is assignable to this one).
 */
export interface StoredForecast {
  readonly run: string;
  /** When the run fitted it, ISO 8601. */
  readonly fittedAt: string;
  readonly model: string;
  readonly reason: string;
  readonly points: readonly ForecastPoint[];
  readonly years: readonly StoredYear[];
  readonly backtest: {
    readonly origins: number;
    readonly smape: number;
    readonly mase: number;
    readonly coverage80: number;
    readonly coverage95: number;
  } | null;
  /** Why there is no backtest, when there is none (null for fits stored before the reason was). */
  readonly noBacktest: string | null;
}

export interface ActualPoint {
  readonly month: string;
  readonly value: number;
}

/** Everything the report needs about one series. */
export interface SeriesInput {
  readonly summary: SeriesSummary;
  /** Resolved actuals, oldest first, as `GET /api/v1/series/:id` shows them. */
  readonly actuals: readonly ActualPoint[];
  /** The series' forecast in the run the report is about; null when the run has none for it. */
  readonly forecast: StoredForecast | null;
}

/** What the previous report of the same name showed, to tell what changed since. */
export interface ReportSnapshot {
  readonly series: Readonly<
    Record<
      string,
      {
        readonly actuals: Readonly<Record<string, number>>;
        readonly forecast: Readonly<
          Record<string, { readonly point: number; readonly lo80: number; readonly hi80: number }>
        >;
      }
    >
  >;
}

export type Change =
  | { readonly kind: 'new-actual'; readonly month: string; readonly value: number; readonly forecastWas: number | null }
  | { readonly kind: 'revised'; readonly month: string; readonly previous: number; readonly value: number }
  | {
      readonly kind: 'forecast-moved';
      readonly month: string;
      readonly previous: number;
      readonly previousLo80: number;
      readonly previousHi80: number;
      readonly value: number;
    };

export interface FullYearView {
  readonly year: number;
  readonly monthsActual: number;
  readonly monthsForecast: number;
  readonly monthsInTotals: number | null;
  readonly monthsFilled: number | null;
  readonly point: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lastYear: number | null;
  readonly yoyPct: number | null;
}

export interface SeriesSection {
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  readonly latest: {
    readonly month: string;
    readonly value: number;
    readonly lastYear: number | null;
    readonly yoyPct: number | null;
  } | null;
  readonly ytd: SeriesSummary['ytd'];
  /** The first `horizon` forecast months of the stored run. */
  readonly forecast: readonly ForecastPoint[];
  readonly fullYear: FullYearView | null;
  readonly model: {
    readonly name: string;
    readonly reason: string;
    readonly runId: string;
    readonly fittedAt: string;
    readonly backtest: {
      readonly origins: number;
      readonly smape: number;
      readonly mase: number;
      readonly coverage80: number;
      readonly coverage95: number;
    } | null;
    /** Why there is no backtest (the engine's words), when there is none and the fit recorded why. */
    readonly noBacktest: string | null;
  } | null;
  /** What the series lacks before any method can forecast it; null when it has enough. */
  readonly forecastNeeds: string | null;
  /** Actuals of the charted window: the last {@link HISTORY_MONTHS} months before the forecast. */
  readonly history: readonly ActualPoint[];
  /** Differences from the previous report; empty when there was none. */
  readonly changes: readonly Change[];
}

export interface ReportModel {
  readonly name: string;
  readonly title: string;
  readonly horizon: number;
  /** The schedule slot (ISO instant), or null for a send outside the schedule. */
  readonly slot: string | null;
  readonly generatedAt: string;
  /** The latest month with an actual across the report's series. */
  readonly asOf: string | null;
  readonly subject: string;
  /** Runs the forecasts come from (one normally). */
  readonly runIds: readonly string[];
  /** Whether a previous report existed to compare with. */
  readonly comparedWithPrevious: boolean;
  readonly sections: readonly SeriesSection[];
}

/** Months of actuals shown in charts and the CSV before the first forecast month. */
export const HISTORY_MONTHS = 36;

export interface BuildOptions {
  readonly report: Pick<ReportConfig, 'name' | 'title' | 'horizon'>;
  readonly inputs: readonly SeriesInput[];
  readonly previous: ReportSnapshot | null;
  readonly slot: number | null;
  /** ms since the epoch. */
  readonly now: number;
}

export function buildReportModel(options: BuildOptions): ReportModel {
  const { report, inputs, previous, slot, now } = options;
  const sections = inputs.map((input) => buildSection(input, report.horizon, previous));
  const latestMonths = sections.flatMap((s) => (s.latest ? [s.latest.month] : []));
  const asOf = latestMonths.length > 0 ? latestMonths.reduce((a, b) => (a > b ? a : b)) : null;
  const runIds = [...new Set(inputs.flatMap((i) => (i.forecast ? [i.forecast.run] : [])))];
  return {
    name: report.name,
    title: report.title,
    horizon: report.horizon,
    slot: slot === null ? null : new Date(slot).toISOString(),
    generatedAt: new Date(now).toISOString(),
    asOf,
    subject: reportSubject(report, asOf),
    runIds,
    comparedWithPrevious: previous !== null,
    sections,
  };
}

/** "Forecast report — 2025-06 actuals, next 12 months · Title" */
export function reportSubject(report: Pick<ReportConfig, 'name' | 'title' | 'horizon'>, asOf: string | null): string {
  const what = `Forecast report — ${asOf ?? 'no'} actuals, next ${report.horizon} months`;
  return report.title === report.name ? `${what} (${report.name})` : `${what} · ${report.title}`;
}

function buildSection(input: SeriesInput, horizon: number, previous: ReportSnapshot | null): SeriesSection {
  const { summary, actuals, forecast } = input;
  const byMonth = new Map(actuals.map((a) => [a.month, a.value]));
  const latest =
    summary.latestMonth !== null && summary.latestValue !== null
      ? {
          month: summary.latestMonth,
          value: summary.latestValue,
          lastYear: byMonth.get(addMonths(summary.latestMonth, -12)) ?? null,
          yoyPct: summary.yoyPct,
        }
      : null;
  const points = forecast ? forecast.points.slice(0, horizon) : [];
  const chartEnd = points[0] ? addMonths(points[0].month, -1) : (summary.latestMonth ?? null);
  const history =
    chartEnd === null
      ? []
      : actuals.filter((a) => a.month > addMonths(chartEnd, -HISTORY_MONTHS) && a.month <= chartEnd);
  return {
    id: summary.id,
    name: summary.name,
    unit: summary.unit,
    latest,
    ytd: summary.ytd,
    forecast: points,
    fullYear: forecast ? fullYearOf(forecast.years, points) : null,
    model: forecast
      ? {
          name: forecast.model,
          reason: forecast.reason,
          runId: forecast.run,
          fittedAt: forecast.fittedAt,
          backtest: forecast.backtest
            ? {
                origins: forecast.backtest.origins,
                smape: forecast.backtest.smape,
                mase: forecast.backtest.mase,
                coverage80: forecast.backtest.coverage80,
                coverage95: forecast.backtest.coverage95,
              }
            : null,
          noBacktest: forecast.noBacktest,
        }
      : null,
    forecastNeeds: summary.forecastNeeds,
    history,
    changes: previous ? changesSince(previous.series[summary.id], actuals, points) : [],
  };
}

/** The first year the forecast completes (through December), so the full-year figure is whole. */
function fullYearOf(years: readonly StoredYear[], points: readonly ForecastPoint[]): FullYearView | null {
  const last = points[points.length - 1]?.month;
  const year = years.find((y) => y.fullYear !== null && (last === undefined || `${y.year}-12` <= last));
  if (!year || !year.fullYear) return null;
  return {
    year: year.year,
    monthsActual: year.monthsActual,
    monthsForecast: year.monthsForecast,
    monthsInTotals: year.monthsInTotals,
    monthsFilled: year.monthsFilled,
    point: year.fullYear.point,
    lo80: year.fullYear.lo80,
    hi80: year.fullYear.hi80,
    lastYear: year.fullYearLastYear,
    yoyPct: year.fullYearYoyPct,
  };
}

function changesSince(
  before: ReportSnapshot['series'][string] | undefined,
  actuals: readonly ActualPoint[],
  points: readonly ForecastPoint[],
): Change[] {
  if (!before) return [];
  const changes: Change[] = [];
  const shownBefore = Object.keys(before.actuals).sort();
  const firstShown = shownBefore[0];
  for (const a of actuals) {
    const was = before.actuals[a.month];
    if (was === undefined) {
      // A month older than the previous report's window is history it did not show, not news.
      if (firstShown === undefined || a.month > firstShown)
        changes.push({
          kind: 'new-actual',
          month: a.month,
          value: a.value,
          forecastWas: before.forecast[a.month]?.point ?? null,
        });
    } else if (was !== a.value) {
      changes.push({ kind: 'revised', month: a.month, previous: was, value: a.value });
    }
  }
  for (const p of points) {
    const was = before.forecast[p.month];
    // "Moved" means the new central value left the previous 80 % interval: a change beyond the noise the model expected.
    if (was && (p.point < was.lo80 || p.point > was.hi80)) {
      changes.push({
        kind: 'forecast-moved',
        month: p.month,
        previous: was.point,
        previousLo80: was.lo80,
        previousHi80: was.hi80,
        value: p.point,
      });
    }
  }
  return changes;
}

/** What this report shows, kept with its send record so the next report can say what changed. */
export function snapshotOf(model: ReportModel): ReportSnapshot {
  const series: Record<string, ReportSnapshot['series'][string]> = {};
  for (const s of model.sections) {
    series[s.id] = {
      actuals: Object.fromEntries(s.history.map((a) => [a.month, a.value])),
      forecast: Object.fromEntries(s.forecast.map((p) => [p.month, { point: p.point, lo80: p.lo80, hi80: p.hi80 }])),
    };
  }
  return { series };
}

/** Said where a forecast's backtest would be when it has none: why, when the fit recorded it. */
export function noBacktest(reason: string | null): string {
  return reason === null ? 'No backtest yet.' : `No backtest yet: ${reason}.`;
}

/** Said where a series' forecast would be when none was stored: what it lacks, when that is why. */
export function noForecast(s: Pick<SeriesSection, 'forecastNeeds'>): string {
  return s.forecastNeeds === null
    ? 'No forecast was stored for this series in this run.'
    : `No forecast: the series ${s.forecastNeeds}.`;
}
