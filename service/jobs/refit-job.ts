/**
 * The forecast job: re-fits every series (or, after an ingest, just the changed ones), stores each
 * forecast, scores earlier forecasts against actuals that arrived, and announces each new forecast
 * on the live channel. One series failing does not stop the others; the run record lists it.
 */
import type { ForecastRequest, ForecastResult, ForecastPoint } from '../../forecasting/types.js';
import { addMonths, monthIndex } from '../../common/month.js';
import type { Clock } from '../clock.js';
import type { ForecastStore } from '../forecasts/forecast-store.js';
import type { ForecastOutcome, RunError, SeriesForecast, StoredForecastPoint } from '../contract/index.js';
import { scoreOutcomes } from '../forecasts/outcomes.js';
import type { Publisher } from '../live/publisher.js';
import type { Logger } from '../logger.js';
import type { Schedule } from './cron-schedule.js';
import { noOptions, type JobContext, type JobDefinition, type JobResult } from './job.js';

/** The job's name in the API, the run log and live events. */
export const FORECAST_JOB = 'forecast';

/** Months that changed, by series: what an ingest-triggered run is about. */
export type Scope = ReadonlyMap<string, readonly string[]>;

export interface RefitOptions {
  /** The series (and their changed months) to re-fit; null for every series. */
  readonly scope: Scope | null;
}

/** Months of actuals a full run scores earlier forecasts against (an ingest run scores what changed). */
const OUTCOME_MONTHS = 24;

/** Series whose forecasts are stored together: two InfluxDB writes per this many series, not two each. */
export const WRITE_BATCH_SERIES = 10;

export interface RefitJobDeps {
  /** The daily re-fit of every series (FORECAST_CRON, FORECAST_TZ). */
  readonly schedule: Schedule;
  /** Ids of every series to fit. */
  readonly seriesIds: () => Promise<string[]>;
  /** Dense monthly values (NaN for gaps) from the first month with a figure, and known totals over spans. */
  readonly monthlyValues: (
    id: string,
  ) => Promise<{ start: string | null; values: number[]; totals?: ForecastRequest['totals'] }>;
  /** The forecasting engine (in production, run in a worker thread). */
  readonly forecast: (request: ForecastRequest) => ForecastResult | Promise<ForecastResult>;
  readonly store: ForecastStore;
  readonly publisher: Publisher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Months ahead; default 12. */
  readonly horizon?: number;
  /**
   * Series under way at once (read, scored, fitted); default 1. More pays when fits run elsewhere:
   * in a pool of worker threads, or on the instances' queue.
   */
  readonly concurrency?: number;
}

export function refitJob(deps: RefitJobDeps): JobDefinition<RefitOptions> {
  const none = noOptions(FORECAST_JOB);
  return {
    name: FORECAST_JOB,
    schedule: deps.schedule,
    // A run the API or the schedule asks for re-fits every series; an ingest names its scope.
    options: (query) => (none(query), { scope: null }),
    run: (ctx) => refit(deps, ctx),
  };
}

async function refit(deps: RefitJobDeps, ctx: JobContext<RefitOptions>): Promise<JobResult> {
  const { scope } = ctx.options;
  const ids = scope ? [...scope.keys()] : await deps.seriesIds();
  const errors: { at: number; error: RunError }[] = [];
  let fitted = 0;
  let done = 0;
  ctx.progress(0, ids.length);
  const fail = (i: number, id: string, error: unknown) => {
    const e = error as { code?: unknown; message?: unknown };
    errors.push({
      at: i,
      error: {
        series: id,
        code: typeof e.code === 'string' ? e.code : 'FORECAST_FAILED',
        message: String(e.message ?? error),
      },
    });
    if (typeof e.code !== 'string') deps.logger.warn({ err: error, series: id }, 'forecast failed');
  };
  // Forecasts wait here until a batch is full, then are stored together and announced.
  let batch: { at: number; stored: SeriesForecast | null; outcomes: ForecastOutcome[] }[] = [];
  const flush = async () => {
    const taken = batch;
    batch = [];
    if (taken.length === 0) return;
    const forecasts = taken.flatMap((b) => (b.stored ? [b.stored] : []));
    try {
      await deps.store.writeMany(
        forecasts,
        taken.flatMap((b) => b.outcomes),
      );
    } catch (error) {
      for (const b of taken)
        if (b.stored)
          fail(
            b.at,
            b.stored.series,
            Object.assign(new Error(`storing the forecast failed: ${(error as Error).message}`), {
              code: 'FORECAST_STORE_FAILED',
            }),
          );
      return;
    }
    for (const f of forecasts)
      deps.publisher.forecast({ series: f.series, run: ctx.runId, model: f.model, lastActual: f.lastActual });
    fitted += forecasts.length;
  };
  const fitOne = async (i: number, id: string) => {
    let outcomes: ForecastOutcome[] = [];
    try {
      const { start, values, totals } = await deps.monthlyValues(id);
      outcomes = await scoreEarlierForecasts(deps, id, start, values, scope?.get(id) ?? null);
      if (start === null) throw Object.assign(new Error('the series has no figures yet'), { code: 'SERIES_EMPTY' });
      const request = { values, start, horizon: deps.horizon ?? 12, seed: seedOf(id) };
      const result = await deps.forecast(totals?.length ? { ...request, totals } : request);
      batch.push({
        at: i,
        stored: toStored(
          id,
          ctx.runId,
          new Date(deps.clock.now()).toISOString(),
          addMonths(start, values.length - 1),
          result,
        ),
        outcomes,
      });
    } catch (error) {
      fail(i, id, error);
      // A series that cannot be forecast still has its earlier forecasts scored.
      if (outcomes.length) batch.push({ at: i, stored: null, outcomes });
    }
    if (batch.length >= WRITE_BATCH_SERIES) await flush();
    done += 1;
    ctx.progress(done, ids.length);
  };
  // Lanes that each take the next series: with one lane, series are fitted in order, one at a time.
  let next = 0;
  const lanes = Math.max(1, Math.min(deps.concurrency ?? 1, ids.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < ids.length) {
        const i = next++;
        await fitOne(i, ids[i]!);
      }
    }),
  );
  await flush();
  // In series order whatever order the lanes finished in.
  errors.sort((a, b) => a.at - b.at);
  return {
    total: ids.length,
    done: fitted,
    errors: errors.map((e) => e.error),
    message: `fitted ${fitted} of ${ids.length} series` + (errors.length ? `; ${errors.length} failed` : ''),
  };
}

/** Scores stored forecasts of months whose actuals are now known: the changed months, or the recent ones. */
async function scoreEarlierForecasts(
  deps: RefitJobDeps,
  id: string,
  start: string | null,
  values: readonly number[],
  changed: readonly string[] | null,
): Promise<ForecastOutcome[]> {
  if (start === null) return [];
  const first = monthIndex(start);
  const actuals = new Map<string, number>();
  const months = changed ?? values.map((_, i) => addMonths(start, i)).slice(-OUTCOME_MONTHS);
  for (const month of months) {
    const v = values[monthIndex(month) - first];
    if (v !== undefined && Number.isFinite(v)) actuals.set(month, v);
  }
  if (actuals.size === 0) return [];
  try {
    return await scoreOutcomes(deps.store, id, actuals);
  } catch (error) {
    // Accuracy bookkeeping must not cost the series its new forecast.
    deps.logger.warn({ err: error, series: id }, 'could not score earlier forecasts');
    return [];
  }
}

/** A stable seed per series: the same data gives the same bands on every run. */
function seedOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function toStored(
  series: string,
  run: string,
  fittedAt: string,
  lastActual: string,
  r: ForecastResult,
): SeriesForecast {
  const last = monthIndex(lastActual);
  const point = (p: ForecastPoint): StoredForecastPoint => ({
    month: p.month,
    h: monthIndex(p.month) - last,
    point: p.point,
    lo80: p.lo80,
    hi80: p.hi80,
    lo95: p.lo95,
    hi95: p.hi95,
    yoyPct: p.yoyPct,
    yoyBasis: p.yoyBasis,
  });
  return {
    series,
    run,
    fittedAt,
    method: r.method,
    model: r.model,
    reason: r.reason,
    lastActual,
    backtest: r.backtest && {
      smape: r.backtest.smape,
      mase: r.backtest.mase,
      coverage80: r.backtest.coverage80,
      coverage95: r.backtest.coverage95,
      origins: r.backtest.origins,
    },
    years: r.years.map((y) => ({
      year: y.year,
      monthsActual: y.monthsActual,
      monthsForecast: y.monthsForecast,
      fullYear: y.fullYear && {
        point: y.fullYear.point,
        lo80: y.fullYear.lo80,
        hi80: y.fullYear.hi80,
        lo95: y.fullYear.lo95,
        hi95: y.fullYear.hi95,
      },
      fullYearLastYear: y.fullYearLastYear,
      fullYearYoyPct: y.fullYearYoyPct,
    })),
    points: r.points.map(point),
    baseline: { method: r.baseline.method, points: r.baseline.points.map(point) },
  };
}
