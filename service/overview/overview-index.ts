/**
 * The overview in memory: a row per series (summary, sparkline, this year's outlook), built from
 * the store at start and kept current by the events that already exist (stored ingests, stored
 * forecasts), so that a page of 10,000 series is filtered and sorted without reading InfluxDB.
 *
 * Changes are applied in the background as they are announced, a batch at a time; a read waits
 * for every change announced before it, so an answer after an ingest's answer shows its figures.
 * Months an ingest appends after a series' latest one are applied from the figures it hands over;
 * other changes (restatements, back-fills, another instance's ingests) read the series again.
 */
import { monthsFromTo, type MonthKey } from '../../common/month.js';
import { currentYearOutlook } from '../../common/year-outlook.js';
import { resolveSeries, type ResolvedMonth, type ResolvedSeries } from '../../ingest/resolve.js';
import type { SeriesCatalog } from '../../ingest/series-catalog.js';
import type { SeriesMeta } from '../../ingest/store-port.js';
import type { Figure } from '../../ingest/figure.js';
import { SeriesFigures } from '../../ingest/series-figures.js';
import type { StoredChange } from '../../ingest/ingest.js';
import type { ConflictReview } from '../../ingest/review.js';
import {
  SPARK_MONTHS,
  type OverviewPage,
  type OverviewQuery,
  DEFAULT_SORT,
  sortText,
  type OverviewRow,
  type SeriesForecast,
  type SeriesSummary,
} from '../contract/index.js';
import type { Logger } from '../logger.js';
import { groupBySeries } from '../series-reader.js';
import { summarize } from '../series-summary.js';
import { appendMonths } from './appended-months.js';
import { indexed, selectPage, sortRows, type IndexedRow, type SortedRow } from './overview-select.js';

/**
 * Series read from the store per query while building or refreshing. Each answer is parsed,
 * resolved and summarized in one stretch of the event loop that live events wait behind: with 250
 * series of ten years (30,000 figures) a query, bench:refit's live load during the build after a
 * restart had p99 146 ms; with 100, 57 ms, for a build about a quarter longer (bench:overview:
 * 10.6 s against 8.3 s).
 */
const CHUNK = 100;

export interface OverviewIndexDeps {
  readonly catalog: SeriesCatalog;
  readonly readFigures: (series: readonly string[]) => Promise<Figure[]>;
  readonly latestForecasts: (series: readonly string[]) => Promise<readonly SeriesForecast[]>;
  readonly logger: Logger;
  /** The conflict reviews in force for a series, which decide the months they settle. */
  readonly reviewsOf?: (id: string) => ReadonlyMap<string, ConflictReview>;
  /**
   * True while an upload streams in: its changes wait for its end (or for a read), so that a large
   * upload is not read back chunk by chunk while it competes with it for InfluxDB.
   */
  readonly busy?: () => boolean;
}

/** How often a change waiting for an upload to end looks again (ms). */
const BUSY_RETRY_MS = 250;
/**
 * Handed-over figures kept until their months are appended (about 200 bytes each): past this, as
 * after a large upload of history, the series are read back instead, so that memory stays flat.
 */
const APPENDED_FIGURES = 100_000;

/** Series appended between turns of the event loop. */
const APPEND_SLICE = 500;

/** Months appended to a series past its latest one, and the ingest's figures that hold them. */
interface Appended {
  readonly months: Set<MonthKey>;
  readonly figures: SeriesFigures;
}

export class OverviewIndex {
  private readonly rows = new Map<string, IndexedRow>();
  /** Every row in each sort asked for since the rows last changed. */
  private readonly sorted = new Map<string, SortedRow[]>();
  /** Everything is read again on the next step (at start). */
  private whole = true;
  private readonly actuals = new Set<string>();
  private readonly forecasts = new Set<string>();
  private appended = new Map<string, Appended>();
  private appendedFigures = 0;
  private step: Promise<void> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: OverviewIndexDeps) {}

  /** Starts building from the store; reads wait for it. */
  start(): void {
    this.kick();
  }

  /** Figures of these series were stored. */
  actualsChanged(series: Iterable<string>): void {
    for (const id of series) this.actuals.add(id);
    this.kick();
  }

  /**
   * An ingest (or a conflict review) stored figures. Series whose new months all lie after what
   * was stored (the ingest did not read them back: `StoredChange.unread`) take the figures it hands
   * over; the others are read again.
   */
  stored(change: StoredChange): void {
    for (const [id, months] of change.months) {
      const figures = change.unread?.has(id) ? change.figures?.get(id) : undefined;
      const kept = this.appended.get(id);
      // A read to come sees this change too; a series without a row yet (new in this upload) is read whole.
      if (
        !figures ||
        this.actuals.has(id) ||
        !this.rows.has(id) ||
        this.appendedFigures + figures.length > APPENDED_FIGURES
      ) {
        if (kept) this.appendedFigures -= kept.figures.size;
        this.appended.delete(id);
        this.actuals.add(id);
        continue;
      }
      const appended = kept ?? { months: new Set<MonthKey>(), figures: new SeriesFigures() };
      this.appendedFigures -= appended.figures.size;
      for (const m of months) appended.months.add(m);
      // The figures of each hand-over are the newest of their months.
      for (const f of figures) appended.figures.put(f);
      this.appendedFigures += appended.figures.size;
      this.appended.set(id, appended);
    }
    this.kick();
  }

  /** A forecast of this series was stored. */
  forecastChanged(series: string): void {
    this.forecasts.add(series);
    this.kick();
  }

  /** The page `query` asks for, after every change announced so far. */
  async page(query: OverviewQuery): Promise<OverviewPage> {
    await this.current();
    const sort = query.sort ?? DEFAULT_SORT;
    const key = sortText(sort);
    let sorted = this.sorted.get(key);
    if (!sorted) this.sorted.set(key, (sorted = sortRows(this.rows.values(), sort)));
    return selectPage(sorted, query);
  }

  /** Every series' summary (of one metric when asked), by id, after every change announced so far. */
  async summaries(metric?: string): Promise<SeriesSummary[]> {
    await this.current();
    const rows = [...this.rows.values()]
      .map((e) => e.row)
      .filter((r) => metric === undefined || r.metric === metric)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return rows.map(({ spark: _spark, outlook: _outlook, ...summary }) => summary);
  }

  /** Waits until every change announced so far is applied; a failed step's changes stay pending and its error is thrown. */
  private async current(): Promise<void> {
    while (this.step || this.pending()) await (this.step ?? this.run());
  }

  private pending(): boolean {
    return this.whole || this.actuals.size > 0 || this.forecasts.size > 0 || this.appended.size > 0;
  }

  /** Stops looking again for changes that wait for an upload's end. */
  close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  /** Applies pending changes in the background; a failure waits for the next change or read. */
  private kick(): void {
    if (this.step || this.retry) return;
    if (this.deps.busy?.()) {
      this.retry = setTimeout(() => {
        this.retry = null;
        this.kick();
      }, BUSY_RETRY_MS);
      this.retry.unref();
      return;
    }
    this.run().catch((error: unknown) =>
      this.deps.logger.warn({ err: error }, 'overview: changes not applied yet, will retry'),
    );
  }

  private run(): Promise<void> {
    const step = this.apply().then(
      () => {
        this.step = null;
        // Changes announced while this step ran.
        if (this.pending()) this.kick();
      },
      (error: unknown) => {
        // Tried again on the next change or read, not at once: the store may be down for a while.
        this.step = null;
        throw error;
      },
    );
    this.step = step;
    return step;
  }

  private async apply(): Promise<void> {
    const whole = this.whole;
    const actuals = [...this.actuals];
    const forecasts = [...this.forecasts];
    const appended = this.appended;
    this.whole = false;
    this.actuals.clear();
    this.forecasts.clear();
    this.appended = new Map();
    this.appendedFigures = 0;
    try {
      if (whole) await this.rebuild();
      else {
        const read = new Set(actuals);
        // A series read in this step is read after its figures were stored.
        let done = 0;
        for (const [id, a] of appended) {
          if (!read.has(id) && !this.append(id, a)) actuals.push(id);
          // Other work (an upload's notifications) goes on between slices of a large append.
          if (++done % APPEND_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await this.refreshActuals(actuals);
        await this.refreshForecasts(forecasts.filter((id) => !actuals.includes(id)));
      }
    } catch (error) {
      this.whole ||= whole;
      for (const id of actuals) this.actuals.add(id);
      for (const id of forecasts) this.forecasts.add(id);
      throw error;
    }
  }

  /** Applies months appended past the row's latest; false when the series must be read again. */
  private append(id: string, appended: Appended): boolean {
    const entry = this.rows.get(id);
    const meta = this.deps.catalog.get(id);
    // A series new since the index was built, or months the row already holds (a read saw them).
    if (!entry || !meta) return false;
    const latest = entry.row.latestMonth;
    if (latest !== null && [...appended.months].some((m) => m <= latest)) return false;
    // A year-to-date figure derives its months with the series' earlier totals, which the append does not hold.
    if ([...appended.figures.values()].some((f) => f.kind === 'ytd')) return false;
    const { months } = resolveSeries(id, meta.unit, [...appended.figures.values()], this.deps.reviewsOf?.(id));
    const added = months.filter((m) => latest === null || m.month > latest);
    const row = appendMonths(entry.row, added, entry.publishedYtd);
    if (!row) return false;
    this.put(indexed(row, entry.publishedYtd || added.some((m) => m.ytd !== null)));
    return true;
  }

  private async rebuild(): Promise<void> {
    const { catalog } = this.deps;
    await catalog.refresh();
    const ids = catalog.list().map((m) => m.id);
    for (let i = 0; i < ids.length; i += CHUNK) await this.refreshActuals(ids.slice(i, i + CHUNK));
    const known = new Set(ids);
    for (const id of this.rows.keys()) if (!known.has(id)) this.rows.delete(id);
    this.sorted.clear();
  }

  private put(entry: IndexedRow): void {
    this.rows.set(entry.row.id, entry);
    this.sorted.clear();
  }

  /** Reads the figures and newest forecasts of these series again. */
  private async refreshActuals(ids: readonly string[]): Promise<void> {
    const { catalog } = this.deps;
    await catalog.fetchUnknown(ids);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK).filter((id) => catalog.get(id));
      const [figures, forecasts] = await Promise.all([this.deps.readFigures(chunk), this.deps.latestForecasts(chunk)]);
      const bySeries = groupBySeries(figures);
      const forecastOf = new Map(forecasts.map((f) => [f.series, f]));
      for (const id of chunk) {
        const meta = catalog.get(id)!;
        const resolved = resolveSeries(id, meta.unit, bySeries.get(id) ?? [], this.deps.reviewsOf?.(id));
        this.put(indexed(rowOf(meta, resolved, forecastOf.get(id) ?? null), resolved.published.size > 0));
      }
    }
  }

  private async refreshForecasts(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK).filter((id) => this.rows.has(id));
      const forecasts = new Map((await this.deps.latestForecasts(chunk)).map((f) => [f.series, f]));
      for (const id of chunk) {
        const { row, publishedYtd } = this.rows.get(id)!;
        this.put(indexed({ ...row, outlook: currentYearOutlook(forecasts.get(id), row.unit) }, publishedYtd));
      }
    }
  }
}

/** A series' overview row from its resolved months and year-to-date figures, and its newest forecast. */
export function rowOf(
  meta: SeriesMeta,
  series: Pick<ResolvedSeries, 'months' | 'published'>,
  forecast: SeriesForecast | null,
): OverviewRow {
  return { ...summarize(meta, series), spark: spark(series.months), outlook: currentYearOutlook(forecast, meta.unit) };
}

function spark(months: readonly ResolvedMonth[]): (number | null)[] {
  if (months.length === 0) return [];
  const shown = monthsFromTo(months[0]!.month, months[months.length - 1]!.month).slice(-SPARK_MONTHS);
  const byMonth = new Map(months.slice(-SPARK_MONTHS).map((m) => [m.month, m.value]));
  return shown.map((m) => byMonth.get(m) ?? null);
}
