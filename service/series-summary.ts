/** A series' resolved months as the API shows them: points with YoY growth, and the summary of the latest month. */
import { addMonths } from '../common/month.js';
import { seriesYearToDate, yoyGrowthPct } from '../common/yoy.js';
import { whatIsMissing } from '../forecasting/index.js';
import type { Conflict, ResolvedMonth, ResolvedSeries } from '../ingest/resolve.js';
import type { ConflictReview } from '../ingest/review.js';
import type { SeriesMeta } from '../ingest/store-port.js';
import type {
  ConflictReviewView,
  ConflictView,
  ListedConflictView,
  SeriesPoint,
  SeriesSummary,
} from './contract/index.js';
import type { ListedConflict } from '../ingest/review.js';

/** Each month with its growth on the same month a year before. */
export function withYoy(months: readonly ResolvedMonth[]): SeriesPoint[] {
  const byMonth = new Map(months.map((m) => [m.month, m.value]));
  return months.map((m) => {
    const lastYear = byMonth.get(addMonths(m.month, -12));
    return {
      month: m.month,
      value: m.value,
      basis: m.basis,
      source: m.source,
      quote: m.quote,
      ytd: m.ytd,
      yoyPct: yoyGrowthPct(m.value, lastYear),
      lastYear: lastYear ?? null,
      figures: m.figures.map((r) => ({
        value: r.value,
        source: r.source,
        quote: r.quote,
        ingestedAt: new Date(r.ingestedAt).toISOString(),
      })),
      conflicts: [...m.conflicts],
      reviewed: m.reviewed && reviewView(m.reviewed),
    };
  });
}

export function reviewView(r: ConflictReview): ConflictReviewView {
  return {
    series: r.series,
    month: r.month,
    value: r.chosen.value,
    source: r.chosen.source,
    kind: r.chosen.kind,
    reason: r.reason,
    by: r.by,
    at: new Date(r.at).toISOString(),
  };
}

/**
 * The series with its latest month, value, YoY growth, year to date and months in conflict. Its published
 * year-to-date figures may hold a total through a month later than the latest one with a figure of its own
 * (Jan–Feb reported only together): the year to date runs through it.
 */
export function summarize(
  meta: SeriesMeta,
  { months, published }: Pick<ResolvedSeries, 'months' | 'published'>,
): SeriesSummary {
  const latest = months[months.length - 1];
  // The latest month's growth alone: the overview summarizes 10,000 series, and every month's
  // point (with its figures' times as text) was built for that, then dropped.
  const byMonth = new Map(months.map((m) => [m.month, m.value]));
  const ytd = seriesYearToDate(meta.unit, latest?.month, (m) => byMonth.get(m), published);
  return {
    id: meta.id,
    name: meta.name,
    metric: meta.metric,
    entity: meta.entity,
    unit: meta.unit,
    months: months.length,
    firstMonth: months[0]?.month ?? null,
    latestMonth: latest?.month ?? null,
    latestValue: latest?.value ?? null,
    yoyPct: latest ? yoyGrowthPct(latest.value, byMonth.get(addMonths(latest.month, -12))) : null,
    ytd,
    conflicts: months.reduce((n, m) => n + (isOpenConflict(m) ? 1 : 0), 0),
    forecastNeeds: whatIsMissing(months.length),
  };
}

/** A month whose figures disagree and no admin's review settles it. */
export function isOpenConflict(m: ResolvedMonth): boolean {
  return m.conflicts.length > 0 && m.reviewed === null;
}

/** A conflict as the API shows it: the source keys are storage's, not the reader's. */
export function conflictView(c: Conflict): ConflictView {
  return { ...c, values: c.values.map(({ value, source, kind }) => ({ value, source, kind })) };
}

/** A listed conflict as the API shows it, with the review that settles its month. */
export function listedConflictView(c: ListedConflict): ListedConflictView {
  return { ...conflictView(c), reviewed: c.reviewed && reviewView(c.reviewed) };
}
