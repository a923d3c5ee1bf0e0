/**
 * What alert rules judge, read from storage in few queries whatever the number of series: the
 * series' figures resolved as queries show them (with their conflicts and the reviews that settle them), the forecast each month
 * had before its actual arrived, and when each month's figures first arrived.
 */
import type { InfluxDB } from 'influx';
import { addMonths, dateToMonth, monthToDate } from '../../common/month.js';
import { yoyGrowthPct } from '../../common/yoy.js';
import type { Figure } from '../../ingest/figure.js';
import { resolveSeries, type Conflict, type ResolvedMonth } from '../../ingest/resolve.js';
import type { ConflictReview } from '../../ingest/review.js';
import type { SeriesMeta, SeriesStore } from '../../ingest/store-port.js';
import type { Arrival } from '../../alerting/missing.js';
import type { ForecastBand } from '../../alerting/surprise.js';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { inGroups, seriesCondition, worthNaming } from '../storage/series-groups.js';
import { queryRows } from '../storage/store-error.js';
import type { ForecastedSeries } from '../forecasts/forecasted-series.js';

export interface SeriesFacts {
  readonly months: ReadonlyMap<string, ResolvedMonth>;
  readonly conflicts: readonly Conflict[];
  /** Months whose conflict an admin's review settles. */
  readonly reviewed: ReadonlySet<string>;
  /** The latest month with a value, its value and YoY growth. */
  readonly latest: { month: string; value: number; yoyPct: number | null } | null;
  /** The first month these facts know, when they do not reach back as far as the rules look (an unread series). */
  readonly knownFrom?: string;
}

/** Fields every forecast point has had: a row without one is a run being stored (whole-rows.ts). */
const BAND_FIELDS = ['point', 'lo80', 'hi80', 'lo95', 'hi95'];

export class AlertFacts {
  /**
   * A read of every series' bands over a span of months, while it is under way: the next chunk of
   * the same upload (another half of the series, the same month) takes its rows instead of having
   * InfluxDB read them all again. Only while under way, so it is never older than that read.
   */
  private wide: { from: string; to: string; rows: Promise<Record<string, unknown>[]> } | null = null;

  constructor(
    private readonly client: InfluxDB,
    private readonly store: SeriesStore,
    /** The series that exist: their units, and how many there are. */
    private readonly catalog: { get(id: string): SeriesMeta | undefined; size(): number },
    private readonly reviewsOf: (id: string) => ReadonlyMap<string, ConflictReview> = () => new Map(),
    /** Which series have any forecast: the others have no band to read. */
    private readonly forecasted?: ForecastedSeries,
  ) {}

  /** The series' months from `from` on, resolved, with the conflicts among them. */
  async series(ids: readonly string[], from: string): Promise<Map<string, SeriesFacts>> {
    if (ids.length === 0) return new Map();
    const bySeries = new Map<string, Figure[]>(ids.map((id) => [id, []]));
    for (const f of await this.store.readFigures({ series: ids, from })) bySeries.get(f.series)?.push(f);
    return this.resolve(bySeries);
  }

  /** The same from figures in hand (an ingest's own): each series' figures, resolved. */
  resolve(bySeries: ReadonlyMap<string, readonly Figure[]>): Map<string, SeriesFacts> {
    const out = new Map<string, SeriesFacts>();
    for (const [id, figures] of bySeries) {
      const resolved = resolveSeries(id, this.catalog.get(id)?.unit ?? '', figures, this.reviewsOf(id));
      const months = new Map(resolved.months.map((m) => [m.month, m]));
      const last = resolved.months[resolved.months.length - 1];
      out.set(id, {
        months,
        conflicts: resolved.conflicts,
        reviewed: new Set(resolved.reviewed.keys()),
        latest: last
          ? {
              month: last.month,
              value: last.value,
              yoyPct: yoyGrowthPct(last.value, months.get(addMonths(last.month, -12))?.value),
            }
          : null,
      });
    }
    return out;
  }

  /**
   * The facts of a series its ingest called quiet (one source's monthly figures, nothing to
   * disagree with): its latest month alone, with no resolution; no month is looked up in them.
   */
  quiet(figures: readonly Figure[]): SeriesFacts {
    let last: Figure | null = null;
    for (const f of figures) if (last === null || f.month > last.month) last = f;
    if (last === null) return { months: new Map(), conflicts: [], reviewed: new Set(), latest: null };
    const yearAgo = addMonths(last.month, -12);
    const base = figures.find((f) => f.month === yearAgo)?.value;
    return {
      months: new Map(),
      conflicts: [],
      reviewed: new Set(),
      latest: { month: last.month, value: last.value, yoyPct: yoyGrowthPct(last.value, base) },
    };
  }

  /**
   * By series, then month, the forecast of the newest run that forecast it: runs forecast only
   * months after their data's last actual, so that is the last run whose data did not include it.
   * With the ingest batch the months arrive in, series without any forecast when it began are not asked for.
   */
  async bandsBefore(
    asked: ReadonlyMap<string, readonly string[]>,
    batch?: string,
  ): Promise<Map<string, Map<string, ForecastBand>>> {
    const out = new Map<string, Map<string, ForecastBand>>();
    let months = asked;
    if (batch !== undefined && this.forecasted) {
      const have = await this.forecasted.among(asked.keys(), batch);
      if (have.size < asked.size) months = new Map([...asked].filter(([id]) => have.has(id)));
    }
    let first: string | null = null;
    let last: string | null = null;
    for (const list of months.values())
      for (const m of list) {
        if (first === null || m < first) first = m;
        if (last === null || m > last) last = m;
      }
    if (first === null || last === null) return out;
    const placeholders = {
      kind: 'model',
      from: monthToDate(first).toISOString(),
      to: monthToDate(last).toISOString(),
    };
    // Every run's point, the newest picked here: a GROUP BY time(1d) with max() would have
    // InfluxDB walk every day of the span, ten years of them for an upload of history.
    const select = `SELECT "fitted_at", "point", "lo80", "hi80", "lo95", "hi95", ${ident(TAG.series)}, ${ident(TAG.run)} FROM ${ident(MEASUREMENT.forecast)} WHERE ${ident(TAG.kind)} = $kind AND time >= $from AND time <= $to`;
    // Most of the series (a month of every series): all read, the others left out below.
    const rows = worthNaming(months.size, this.catalog.size())
      ? await inGroups([...months.keys()], (group) => {
          const named: Record<string, string> = { ...placeholders };
          return queryRows(this.client, `${select} AND ${seriesCondition(group, named)}`, named, BAND_FIELDS);
        })
      : await this.wideRows(select, placeholders);
    const fittedAt = new Map<ForecastBand, number>();
    for (const r of rows) {
      const id = String(r[TAG.series]);
      const month = dateToMonth(r['time'] as Date);
      if (!months.get(id)?.includes(month)) continue;
      const fitted = Number(r['fitted_at']);
      let bands = out.get(id);
      if (bands === undefined) out.set(id, (bands = new Map()));
      const held = bands.get(month);
      if (held !== undefined && fittedAt.get(held)! >= fitted) continue;
      const band: ForecastBand = {
        run: String(r[TAG.run]),
        point: Number(r['point']),
        lo80: Number(r['lo80']),
        hi80: Number(r['hi80']),
        lo95: Number(r['lo95']),
        hi95: Number(r['hi95']),
      };
      fittedAt.set(band, fitted);
      bands.set(month, band);
    }
    return out;
  }

  /** Every series' months from `from` on with their first arrival: the earliest among the month's figures. */
  async arrivals(from: string): Promise<Map<string, Arrival[]>> {
    const rows = await queryRows(
      this.client,
      `SELECT ${ident(TAG.series)}, "first_ingested_at", "ingested_at", "live" FROM ${ident(MEASUREMENT.figure)} WHERE time >= $from`,
      { from: monthToDate(from).toISOString() },
      ['ingested_at'],
    );
    const byKey = new Map<string, { series: string; arrival: Arrival }>();
    for (const r of rows) {
      const series = String(r[TAG.series]);
      const month = dateToMonth(r['time'] as Date);
      const at = Number(r['first_ingested_at'] ?? r['ingested_at']);
      const key = `${series}|${month}`;
      const known = byKey.get(key);
      if (!known || at < known.arrival.firstIngestedAt)
        byKey.set(key, { series, arrival: { month, firstIngestedAt: at, live: r['live'] === true } });
    }
    const out = new Map<string, Arrival[]>();
    for (const { series, arrival } of byKey.values()) {
      const list = out.get(series) ?? [];
      list.push(arrival);
      out.set(series, list);
    }
    return out;
  }

  private wideRows(
    select: string,
    placeholders: { kind: string; from: string; to: string },
  ): Promise<Record<string, unknown>[]> {
    const { from, to } = placeholders;
    const under = this.wide;
    if (under && under.from <= from && to <= under.to) return under.rows;
    const read = { from, to, rows: queryRows(this.client, select, placeholders, BAND_FIELDS) };
    this.wide = read;
    const done = () => {
      if (this.wide === read) this.wide = null;
    };
    read.rows.then(done, done);
    return read.rows;
  }
}
