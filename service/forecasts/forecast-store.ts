/**
 * Forecast runs in InfluxDB: each series' forecast points with their bands and YoY growth, the fit
 * that made them (model, reason, backtest accuracy, full-year outlook), and how earlier forecasts
 * did once actuals arrived. Every value in a query is a bound parameter; identifiers come from
 * schema.ts. The read side here is what the API, the dashboard and the emailed reports use.
 */
import type { InfluxDB, IPoint } from 'influx';
import { dateToMonth, monthToDate } from '../../common/month.js';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { inGroups, seriesCondition } from '../storage/series-groups.js';
import { queryRows } from '../storage/store-error.js';
import type { Selection } from '../../forecasting/types.js';
import type { ForecastOutcome, SeriesForecast, StoredForecastPoint, YearOutlook } from '../contract/index.js';

type Row = Record<string, unknown>;

/** Fields every stored point of each measurement has had: a row without one is a write under way (whole-rows.ts). */
const POINT_FIELDS = ['h', 'point', 'lo80', 'hi80', 'lo95', 'hi95', 'has_yoy'];
const FIT_FIELDS = ['method', 'reason', 'last_actual', 'has_backtest', 'years'];
const OUTCOME_FIELDS = ['h', 'fitted_at', 'actual', 'point', 'error', 'has_ape', 'within80', 'within95'];

/**
 * The model forms a full selection chose for a series (the engine's `Selection`), with `history`: the
 * fingerprint of the history it was chosen on (`jobs/fit-fingerprint.ts`), which says whether a later
 * history merely gained months after it.
 */
export type StoredSelection = Selection & { readonly history: string };

/**
 * A forecast as a run stores it: with the fingerprint of what it was computed from (`jobs/fit-fingerprint.ts`)
 * and the model forms it was fitted with.
 */
export type FittedForecast = SeriesForecast & { readonly input?: string; readonly selection?: StoredSelection };

/** What an incremental re-fit needs to know of a series' newest stored forecast. */
export interface LastFit {
  /** The fingerprint of its request and engine. */
  readonly input: string;
  /** The forms it was fitted with; null when it stored none (or before forms were stored). */
  readonly selection: StoredSelection | null;
}

export class ForecastStore {
  constructor(private readonly client: InfluxDB) {}

  /** Stores one series' forecast from one run: its points, the baseline's, and the fit record. */
  async write(forecast: SeriesForecast): Promise<void> {
    await this.writeMany([forecast]);
  }

  /**
   * Stores several series' forecasts, with outcomes of earlier forecasts scored on the way, in two
   * requests whatever their number: first every point (and outcome), then the fit records, so a
   * reader that finds a fit finds its points. A refit of a hundred series is then a handful of
   * writes, not hundreds competing with the ingest path for InfluxDB.
   */
  async writeMany(forecasts: readonly FittedForecast[], outcomes: readonly ForecastOutcome[] = []): Promise<void> {
    const points = [...outcomes.map(outcomePoint), ...forecasts.flatMap(forecastPoints)];
    if (points.length) await this.client.writePoints(points, { precision: 'ms' });
    if (forecasts.length) await this.client.writePoints(forecasts.map(fitPoint), { precision: 'ms' });
  }

  /** The newest forecast of each series (or of the given ones), with its points. */
  async latest(series?: readonly string[]): Promise<SeriesForecast[]> {
    if (series?.length === 0) return [];
    const read = (group?: readonly string[]) => {
      const { where, placeholders } = seriesFilter(group);
      return queryRows(
        this.client,
        `SELECT * FROM ${ident(MEASUREMENT.forecastFit)}${where} GROUP BY ${ident(TAG.series)} ORDER BY time DESC LIMIT 1`,
        placeholders,
        FIT_FIELDS,
      );
    };
    return this.withPoints(series ? await inGroups(series, read) : await read());
  }

  /**
   * Per series, the fingerprint of what its newest stored forecast was computed from and the model forms it
   * was fitted with: a short string and a few hundred bytes a series, of these series (every series when
   * absent). Series whose forecasts predate fingerprints are absent.
   */
  async inputs(series?: readonly string[]): Promise<Map<string, LastFit>> {
    // Every fit stores both fields (empty when it has none), so each last() reads the newest fit's.
    const read = (group?: readonly string[]) => {
      const placeholders: Record<string, string> = {};
      const where = group ? ` WHERE ${seriesCondition(group, placeholders)}` : '';
      return queryRows(
        this.client,
        `SELECT last("input") AS input, last("selection") AS selection FROM ${ident(MEASUREMENT.forecastFit)}${where} GROUP BY ${ident(TAG.series)}`,
        placeholders,
      );
    };
    const rows = series ? await inGroups(series, read) : await read();
    return new Map(
      rows.map((r) => [String(r[TAG.series]), { input: String(r['input']), selection: selectionOf(r['selection']) }]),
    );
  }

  /** Every series' forecast from one run. */
  async ofRun(run: string, series?: readonly string[]): Promise<SeriesForecast[]> {
    if (series?.length === 0) return [];
    const read = (group?: readonly string[]) => {
      const { where, placeholders } = seriesFilter(group, [`${ident(TAG.run)} = $run`]);
      return queryRows(
        this.client,
        `SELECT * FROM ${ident(MEASUREMENT.forecastFit)}${where}`,
        { ...placeholders, run },
        FIT_FIELDS,
      );
    };
    return this.withPoints(series ? await inGroups(series, read) : await read());
  }

  /** Forecasts of a series, newest first, without points: its fit history. */
  async fits(series: string, limit: number): Promise<Omit<SeriesForecast, 'points' | 'baseline'>[]> {
    const rows = await queryRows(
      this.client,
      `SELECT * FROM ${ident(MEASUREMENT.forecastFit)} WHERE ${ident(TAG.series)} = $series ORDER BY time DESC LIMIT ${safeLimit(limit)}`,
      { series },
      FIT_FIELDS,
    );
    return rows.map(fitOf);
  }

  /** Forecast points (chosen model only) of a series for the given months, from every run that forecast them. */
  async forecastsOf(
    series: string,
    months: readonly string[],
  ): Promise<(StoredForecastPoint & { run: string; model: string; fittedAt: string })[]> {
    if (months.length === 0) return [];
    // InfluxQL answers nothing for `time = a OR time = b`: select the span, keep the months asked for.
    const wanted = new Set(months);
    const sorted = [...wanted].sort();
    // The points of a run being stored now may be caught half written.
    const rows = await queryRows(
      this.client,
      `SELECT * FROM ${ident(MEASUREMENT.forecast)} WHERE ${ident(TAG.series)} = $series AND ${ident(TAG.kind)} = $kind AND time >= $from AND time <= $to`,
      {
        series,
        kind: 'model',
        from: monthToDate(sorted[0]!).toISOString(),
        to: monthToDate(sorted[sorted.length - 1]!).toISOString(),
      },
      POINT_FIELDS,
    );
    return rows
      .filter((r) => wanted.has(dateToMonth(r['time'] as Date)))
      .map((r) => ({
        ...pointOf(r),
        run: String(r[TAG.run]),
        model: String(r[TAG.model]),
        fittedAt: new Date(Number(r['fitted_at'])).toISOString(),
      }));
  }

  /** How earlier forecasts of a series did against actuals, by month then run. */
  async outcomes(series: string): Promise<ForecastOutcome[]> {
    // Outcomes are stored by the run that scores them, with no record after them to wait for.
    const rows = await queryRows(
      this.client,
      `SELECT * FROM ${ident(MEASUREMENT.forecastOutcome)} WHERE ${ident(TAG.series)} = $series`,
      { series },
      OUTCOME_FIELDS,
    );
    return rows
      .map((r) => ({
        series: String(r[TAG.series]),
        run: String(r[TAG.run]),
        model: String(r[TAG.model]),
        month: dateToMonth(r['time'] as Date),
        h: Number(r['h']),
        fittedAt: new Date(Number(r['fitted_at'])).toISOString(),
        actual: Number(r['actual']),
        point: Number(r['point']),
        error: Number(r['error']),
        apePct: r['has_ape'] === true ? Number(r['ape_pct']) : null,
        within80: r['within80'] === true,
        within95: r['within95'] === true,
      }))
      .sort((a, b) => (a.month === b.month ? a.fittedAt.localeCompare(b.fittedAt) : a.month.localeCompare(b.month)));
  }

  private async withPoints(fits: readonly Row[]): Promise<SeriesForecast[]> {
    if (fits.length === 0) return [];
    // No whole-row check: a fit is stored after its points, so a whole fit's points are all stored.
    const rows = await inGroups(fits, (group) => {
      const placeholders: Record<string, string> = {};
      const pairs = group.map((f, i) => {
        placeholders[`s${i}`] = String(f[TAG.series]);
        placeholders[`r${i}`] = String(f[TAG.run]);
        return `(${ident(TAG.series)} = $s${i} AND ${ident(TAG.run)} = $r${i})`;
      });
      return queryRows(
        this.client,
        `SELECT * FROM ${ident(MEASUREMENT.forecast)} WHERE ${pairs.join(' OR ')}`,
        placeholders,
      );
    });
    const byKey = new Map<string, { model: StoredForecastPoint[]; baseline: StoredForecastPoint[] }>();
    for (const r of rows) {
      const key = `${String(r[TAG.series])}\u0000${String(r[TAG.run])}`;
      const entry = byKey.get(key) ?? { model: [], baseline: [] };
      (r[TAG.kind] === 'baseline' ? entry.baseline : entry.model).push(pointOf(r));
      byKey.set(key, entry);
    }
    return fits.map((f) => {
      const fit = fitOf(f);
      const entry = byKey.get(`${fit.series}\u0000${fit.run}`) ?? { model: [], baseline: [] };
      const byMonth = (a: StoredForecastPoint, b: StoredForecastPoint) => a.month.localeCompare(b.month);
      return {
        ...fit,
        points: entry.model.sort(byMonth),
        baseline: { method: String(f['baseline_method'] ?? ''), points: entry.baseline.sort(byMonth) },
      };
    });
  }
}

/** The forecast's points and its baseline's, tagged with series, run, model and kind. */
function forecastPoints(forecast: SeriesForecast): IPoint[] {
  const { series, run, model } = forecast;
  const fittedAt = Date.parse(forecast.fittedAt);
  const pointOf = (kind: 'model' | 'baseline', p: StoredForecastPoint): IPoint => ({
    measurement: MEASUREMENT.forecast,
    tags: {
      [TAG.series]: series,
      [TAG.run]: run,
      [TAG.model]: kind === 'model' ? model : forecast.baseline.method,
      [TAG.kind]: kind,
    },
    fields: {
      h: p.h,
      point: p.point,
      lo80: p.lo80,
      hi80: p.hi80,
      lo95: p.lo95,
      hi95: p.hi95,
      yoy_pct: p.yoyPct ?? 0,
      has_yoy: p.yoyPct !== null,
      yoy_basis: p.yoyBasis ?? '',
      // Kept on every point so scoring a month needs no second query for when it was made.
      fitted_at: fittedAt,
    },
    timestamp: monthToDate(p.month),
  });
  return [
    ...forecast.points.map((p) => pointOf('model', p)),
    ...forecast.baseline.points.map((p) => pointOf('baseline', p)),
  ];
}

function fitPoint(forecast: FittedForecast): IPoint {
  const b = forecast.backtest;
  return {
    measurement: MEASUREMENT.forecastFit,
    tags: { [TAG.series]: forecast.series, [TAG.run]: forecast.run, [TAG.model]: forecast.model },
    fields: {
      method: forecast.method,
      reason: forecast.reason,
      ...(forecast.calibration !== null && { calibration: forecast.calibration }),
      last_actual: forecast.lastActual,
      smape: b?.smape ?? 0,
      mase: b?.mase ?? 0,
      cov80: b?.coverage80 ?? 0,
      cov95: b?.coverage95 ?? 0,
      origins: b?.origins ?? 0,
      has_backtest: b !== null,
      ...(b === null && forecast.noBacktest !== null && { no_backtest: forecast.noBacktest }),
      years: JSON.stringify(forecast.years),
      baseline_method: forecast.baseline.method,
      input: forecast.input ?? '',
      selection: forecast.selection ? JSON.stringify(forecast.selection) : '',
    },
    timestamp: new Date(Date.parse(forecast.fittedAt)),
  };
}

function outcomePoint(o: ForecastOutcome): IPoint {
  return {
    measurement: MEASUREMENT.forecastOutcome,
    tags: { [TAG.series]: o.series, [TAG.run]: o.run, [TAG.model]: o.model },
    fields: {
      h: o.h,
      fitted_at: Date.parse(o.fittedAt),
      actual: o.actual,
      point: o.point,
      error: o.error,
      ape_pct: o.apePct ?? 0,
      has_ape: o.apePct !== null,
      within80: o.within80,
      within95: o.within95,
    },
    timestamp: monthToDate(o.month),
  };
}

/** LIMIT takes no bound parameter in InfluxQL; only a whole number we checked is ever written there. */
function safeLimit(n: number): number {
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : 100;
}

function seriesFilter(
  series: readonly string[] | undefined,
  extra: string[] = [],
): { where: string; placeholders: Record<string, string> } {
  const placeholders: Record<string, string> = {};
  const clauses = [...extra];
  if (series) clauses.push(seriesCondition(series, placeholders));
  return { where: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', placeholders };
}

function pointOf(r: Row): StoredForecastPoint {
  const basis = String(r['yoy_basis'] ?? '');
  return {
    month: dateToMonth(r['time'] as Date),
    h: Number(r['h']),
    point: Number(r['point']),
    lo80: Number(r['lo80']),
    hi80: Number(r['hi80']),
    lo95: Number(r['lo95']),
    hi95: Number(r['hi95']),
    yoyPct: r['has_yoy'] === true ? Number(r['yoy_pct']) : null,
    yoyBasis: basis === 'actual' || basis === 'forecast' ? basis : null,
  };
}

function fitOf(r: Row): Omit<SeriesForecast, 'points' | 'baseline'> {
  return {
    series: String(r[TAG.series]),
    run: String(r[TAG.run]),
    model: String(r[TAG.model]),
    fittedAt: (r['time'] as Date).toISOString(),
    method: String(r['method'] ?? ''),
    reason: String(r['reason'] ?? ''),
    calibration: typeof r['calibration'] === 'string' ? r['calibration'] : null,
    lastActual: String(r['last_actual'] ?? ''),
    backtest:
      r['has_backtest'] === true
        ? {
            smape: Number(r['smape']),
            mase: Number(r['mase']),
            coverage80: Number(r['cov80']),
            coverage95: Number(r['cov95']),
            origins: Number(r['origins']),
          }
        : null,
    noBacktest: r['has_backtest'] !== true && typeof r['no_backtest'] === 'string' ? r['no_backtest'] : null,
    // Fits stored before filled months were counted do not say how many there were.
    years: (JSON.parse(String(r['years'] ?? '[]')) as YearOutlook[]).map((y) => ({
      ...y,
      monthsInTotals: y.monthsInTotals ?? null,
      monthsFilled: y.monthsFilled ?? null,
    })),
  };
}

/** A stored selection, or null for none or for a field this version cannot read (the series then selects afresh). */
function selectionOf(field: unknown): StoredSelection | null {
  if (typeof field !== 'string' || field === '') return null;
  try {
    const parsed = JSON.parse(field) as Partial<StoredSelection> | null;
    const complete =
      typeof parsed?.through === 'string' &&
      typeof parsed.method === 'string' &&
      typeof parsed.history === 'string' &&
      typeof parsed.forms === 'object' &&
      parsed.forms !== null;
    return complete ? (parsed as StoredSelection) : null;
  } catch {
    return null;
  }
}
