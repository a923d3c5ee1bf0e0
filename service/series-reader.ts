/**
 * The read side: series with their resolved monthly values, YoY growth, revisions and conflicts,
 * shaped for the API. Monthly bucketing and YoY arithmetic happen here, not in InfluxQL, which
 * cannot group by calendar month.
 */
import { yearOf } from '../common/month.js';
import { resolveSeries } from '../ingest/resolve.js';
import type { ConflictReview, ListedConflict } from '../ingest/review.js';
import type { SeriesCatalog } from '../ingest/series-catalog.js';
import type { SeriesMeta, SeriesStore } from '../ingest/store-port.js';
import type { Figure } from '../ingest/figure.js';
import type { MonthKey } from '../ingest/types.js';
import type { SeriesPoint, SeriesSummary, RevisionView } from './contract/index.js';
import { notFound } from './errors.js';
import { summarize, withYoy } from './series-summary.js';
import { fitInput, type FitInput } from './forecasts/fit-input.js';

export class SeriesReader {
  constructor(
    private readonly store: SeriesStore,
    private readonly catalog: SeriesCatalog,
    /** The conflict reviews in force for a series: those that still hold decide their months. */
    private readonly reviewsOf: (id: string) => ReadonlyMap<MonthKey, ConflictReview> = () => new Map(),
  ) {}

  async meta(id: string): Promise<SeriesMeta> {
    await this.catalog.fetchUnknown([id]);
    const meta = this.catalog.get(id);
    if (!meta) throw notFound(`series "${id}"`);
    return meta;
  }

  /** Every series with its latest month, value, YoY growth and year-to-date against last year's. */
  async list(filter: { metric?: string } = {}): Promise<SeriesSummary[]> {
    await this.catalog.refresh();
    const metas = this.catalog.list().filter((m) => filter.metric === undefined || m.metric === filter.metric);
    const figures = await this.store.readFigures(filter.metric === undefined ? {} : { metric: filter.metric });
    const bySeries = groupBySeries(figures);
    return metas.map((meta) => summarize(meta, this.resolve(meta, bySeries.get(meta.id) ?? [])));
  }

  /** Resolved monthly points of one series, optionally within an inclusive month range. */
  async points(
    id: string,
    range: { from?: MonthKey; to?: MonthKey } = {},
  ): Promise<{ meta: SeriesMeta; points: SeriesPoint[]; published: { month: MonthKey; value: number }[] }> {
    const meta = await this.meta(id);
    // Resolution needs the whole year before `from` (YTD derivation and YoY), so read from there.
    const readFrom = range.from === undefined ? undefined : `${yearOf(range.from) - 1}-01`;
    const figures = await this.store.readFigures({
      series: [id],
      ...(readFrom ? { from: readFrom } : {}),
      ...(range.to ? { to: range.to } : {}),
    });
    const resolved = this.resolve(meta, figures);
    const inRange = (month: MonthKey) =>
      (range.from === undefined || month >= range.from) && (range.to === undefined || month <= range.to);
    const points = withYoy(resolved.months).filter((p) => inRange(p.month));
    const published = [...resolved.published]
      .filter(([month]) => inRange(month))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, value]) => ({ month, value }));
    return { meta, points, published };
  }

  /**
   * Resolved months as a dense array (NaN for gaps) from the first to the last month with a figure or in
   * a span with a known total, and the totals year-to-date figures give over spans with missing months.
   */
  async monthlyValues(id: string): Promise<{ meta: SeriesMeta } & FitInput> {
    const meta = await this.meta(id);
    const figures = await this.store.readFigures({ series: [id] });
    return { meta, ...fitInput(this.resolve(meta, figures)) };
  }

  async revisions(id: string): Promise<RevisionView[]> {
    await this.meta(id);
    const revisions = await this.store.readRevisions(id);
    return revisions
      .sort((a, b) => b.changedAt - a.changedAt)
      .map((r) => ({
        month: r.month,
        kind: r.kind,
        source: r.source,
        previousValue: r.previousValue,
        value: r.value,
        changedAt: new Date(r.changedAt).toISOString(),
      }));
  }

  /**
   * The conflicts of a series, or of all, as the figures report them, each with the review that
   * settles its month; `reviewed` keeps only the settled ones (true) or only the open ones (false).
   */
  async conflicts(
    filter: { series?: string | undefined; reviewed?: boolean | undefined } = {},
  ): Promise<ListedConflict[]> {
    if (filter.series === undefined) await this.catalog.refresh();
    const metas = filter.series === undefined ? this.catalog.list() : [await this.meta(filter.series)];
    const figures = await this.store.readFigures(filter.series === undefined ? {} : { series: [filter.series] });
    const bySeries = groupBySeries(figures);
    const listed = metas.flatMap((meta) => {
      const { conflicts, reviewed } = this.resolve(meta, bySeries.get(meta.id) ?? []);
      return conflicts.map((c) => ({ ...c, reviewed: reviewed.get(c.month) ?? null }));
    });
    return filter.reviewed === undefined ? listed : listed.filter((c) => (c.reviewed !== null) === filter.reviewed);
  }

  private resolve(meta: SeriesMeta, figures: readonly Figure[]) {
    return resolveSeries(meta.id, meta.unit, figures, this.reviewsOf(meta.id));
  }
}

export function groupBySeries(figures: readonly Figure[]): Map<string, Figure[]> {
  const bySeries = new Map<string, Figure[]>();
  for (const r of figures) {
    const list = bySeries.get(r.series);
    if (list) list.push(r);
    else bySeries.set(r.series, [r]);
  }
  return bySeries;
}
