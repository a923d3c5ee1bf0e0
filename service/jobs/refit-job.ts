/**
 * The forecast job: re-fits every series (or, after an ingest, just the changed ones), stores each
 * forecast, scores earlier forecasts against actuals that arrived, and announces each new forecast
 * on the live channel. One series failing does not stop the others; the run record lists it.
 *
 * A run costs what changed: each stored forecast keeps the fingerprint of its request and engine
 * (`fit-fingerprint.ts`), and a series whose fingerprint is the same as its last stored forecast's
 * is left as it is, unless the run is full (`?full=true`). A series that merely gained months keeps
 * the model forms of its last selection (`kept-selection.ts`), re-estimated without a search. The run
 * record counts all three, and the series that wait for figures (too few for any forecast: no failure).
 */
import type { ForecastRequest, ForecastResult, ForecastPoint } from '../../forecasting/types.js';
import { addMonths, monthIndex } from '../../common/month.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { FittedForecast, ForecastStore, LastFit } from '../forecasts/forecast-store.js';
import type { ForecastOutcome, RunError, SeriesForecast, StoredForecastPoint } from '../contract/index.js';
import { forecastNeeds } from '../forecasts/fit-input.js';
import { scoreOutcomes } from '../forecasts/outcomes.js';
import type { Publisher } from '../live/publisher.js';
import type { Logger } from '../logger.js';
import type { Schedule } from './cron-schedule.js';
import { fitFingerprint } from './fit-fingerprint.js';
import { worthNaming } from '../storage/series-groups.js';
import { selectionToKeep, selectionToStore } from './kept-selection.js';
import type { JobContext, JobDefinition, JobResult, RunQuery } from './job.js';

/** The job's name in the API, the run log and live events. */
export const FORECAST_JOB = 'forecast';

/** Months that changed, by series: what an ingest-triggered run is about. */
export type Scope = ReadonlyMap<string, readonly string[]>;

export interface RefitOptions {
  /** The series (and their changed months) to re-fit; null for every series. */
  readonly scope: Scope | null;
  /** Re-fit even the series whose last stored forecast was computed from the same request and engine. */
  readonly full?: boolean;
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
  /**
   * Dense monthly values (NaN for gaps) from the first month with a figure, known totals over spans, and
   * the related series whose seasonal shape the series may borrow (`forecasts/fit-request.ts`).
   */
  readonly monthlyValues: (
    id: string,
    /** The same object for every series of a run: reads it needs for many series (a market's) are shared. */
    run: object,
  ) => Promise<{
    start: string | null;
    values: number[];
    totals?: ForecastRequest['totals'];
    related?: ForecastRequest['related'];
  }>;
  /** The forecasting engine (in production, run in a worker thread). */
  readonly forecast: (request: ForecastRequest) => ForecastResult | Promise<ForecastResult>;
  readonly store: ForecastStore;
  /** The engine's version (`engineFingerprint()`): a new engine re-fits every series. */
  readonly engine: string;
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
  /** Waits between tries of a store call InfluxDB could not answer; a timer unless a test drives it. */
  readonly wait?: (ms: number) => Promise<void>;
}

/**
 * Waits before each further try of a store call that failed retriably (InfluxDB unreachable, slow
 * or answering 5xx), then the series fails. Without them a busy InfluxDB, whose client refuses every
 * request for a moment after one timed out, would fail hundreds of series within that moment.
 */
export const STORE_RETRY_MS: readonly number[] = [1000, 2000, 4000, 8000, 16000];

export function refitJob(deps: RefitJobDeps): JobDefinition<RefitOptions> {
  return {
    name: FORECAST_JOB,
    schedule: deps.schedule,
    // A new engine computes other forecasts: the first start with it re-fits, not the next day's slot.
    version: deps.engine,
    // A run the API or the schedule asks for covers every series; an ingest names its scope.
    options: (query) => ({ scope: null, full: fullOption(query) }),
    run: (ctx) => refit(deps, ctx),
  };
}

/** `?full=true` (or `false`, the default); any other parameter or value is refused, naming it. */
function fullOption(query: RunQuery): boolean {
  for (const [name, value] of Object.entries(query)) {
    if (name !== 'full')
      throw new AppError(400, 'INVALID_PARAMETER', `the ${FORECAST_JOB} job takes no query parameter "${name}"`, {
        field: name,
      });
    if (value !== 'true' && value !== 'false')
      throw new AppError(400, 'INVALID_PARAMETER', `full must be true or false; got ${JSON.stringify(value)}`, {
        field: name,
      });
  }
  return query['full'] === 'true';
}

async function refit(deps: RefitJobDeps, ctx: JobContext<RefitOptions>): Promise<JobResult> {
  const { scope, full = false } = ctx.options;
  const ids = scope ? [...scope.keys()] : await deps.seriesIds();
  // What each series' last stored forecast was computed from; nothing to compare with or keep on a full run.
  // A run of a few series (after an ingest) reads their last fits by name, one of most series all of them.
  const named = scope !== undefined && worthNaming(ids.length, (await deps.seriesIds()).length);
  const lastFits = full ? new Map<string, LastFit>() : await deps.store.inputs(named ? ids : undefined);
  const errors: { at: number; error: RunError }[] = [];
  let fitted = 0;
  let unchanged = 0;
  let kept = 0;
  let waiting = 0;
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
  let batch: { at: number; stored: FittedForecast | null; kept?: boolean; outcomes: ForecastOutcome[] }[] = [];
  const flush = async () => {
    const taken = batch;
    batch = [];
    if (taken.length === 0) return;
    const forecasts = taken.flatMap((b) => (b.stored ? [b.stored] : []));
    try {
      await retrying(deps, () =>
        deps.store.writeMany(
          forecasts,
          taken.flatMap((b) => b.outcomes),
        ),
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
    kept += taken.filter((b) => b.kept).length;
  };
  const fitOne = async (i: number, id: string) => {
    let outcomes: ForecastOutcome[] = [];
    try {
      const { start, values, totals, related } = await retrying(deps, () => deps.monthlyValues(id, ctx));
      const request =
        start === null
          ? null
          : {
              values,
              start,
              horizon: deps.horizon ?? 12,
              seed: seedOf(id),
              ...(totals?.length ? { totals } : {}),
              ...(related && { related }),
            };
      const input = request && fitFingerprint(request, deps.engine);
      const last = lastFits.get(id);
      if (input !== null && last?.input === input) {
        // Its actuals too are those the last run scored: nothing to store, nothing to announce.
        unchanged += 1;
        return finishOne();
      }
      outcomes = await scoreEarlierForecasts(deps, id, start, values, scope?.get(id) ?? null);
      if (request === null || input === null || forecastNeeds(values) !== null) {
        // Not a failure: the series waits for figures (none yet, or only totals over spans), and its summary
        // says how many (forecastNeeds).
        waiting += 1;
        if (outcomes.length) batch.push({ at: i, stored: null, outcomes });
      } else {
        const keep = selectionToKeep(last?.selection, request, deps.engine);
        const result = await deps.forecast(keep ? { ...request, selection: keep } : request);
        const fittedAt = new Date(deps.clock.now()).toISOString();
        const stored = toStored(id, ctx.runId, fittedAt, addMonths(request.start, values.length - 1), result);
        const selection = selectionToStore(result, request, deps.engine);
        const keptForms = keep !== null && selection?.through === keep.through;
        batch.push({ at: i, stored: { ...stored, input, ...(selection && { selection }) }, kept: keptForms, outcomes });
      }
    } catch (error) {
      fail(i, id, error);
      // A series that cannot be forecast still has its earlier forecasts scored.
      if (outcomes.length) batch.push({ at: i, stored: null, outcomes });
    }
    if (batch.length >= WRITE_BATCH_SERIES) await flush();
    finishOne();
  };
  // A hundred progress events a run at most: a dashboard wants the bar to move, not 10,000 messages.
  const step = Math.max(1, Math.ceil(ids.length / 100));
  const finishOne = () => {
    done += 1;
    if (done % step === 0 || done === ids.length) ctx.progress(done, ids.length);
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
    message:
      `fitted ${fitted} of ${ids.length} series` +
      (full ? ' (full re-fit)' : unchanged ? `; ${unchanged} unchanged since their last forecast` : '') +
      (kept ? `; ${kept} with the model forms of their last selection` : '') +
      (waiting ? `; ${waiting} need more figures before any forecast` : '') +
      (errors.length ? `; ${errors.length} failed` : ''),
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
    return await retrying(deps, () => scoreOutcomes(deps.store, id, actuals));
  } catch (error) {
    // Accuracy bookkeeping must not cost the series its new forecast.
    deps.logger.warn({ err: error, series: id }, 'could not score earlier forecasts');
    return [];
  }
}

/** Runs a store call, trying again after each of {@link STORE_RETRY_MS} while it fails retriably. */
async function retrying<T>(deps: RefitJobDeps, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = STORE_RETRY_MS[attempt];
      if (delay === undefined || (error as { retriable?: unknown }).retriable !== true) throw error;
      await (deps.wait ?? sleep)(delay);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A stable seed per series: the same data gives the same bands on every run. */
export function seedOf(id: string): number {
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
    calibration: r.calibration,
    lastActual,
    backtest: r.backtest && {
      smape: r.backtest.smape,
      mase: r.backtest.mase,
      coverage80: r.backtest.coverage80,
      coverage95: r.backtest.coverage95,
      origins: r.backtest.origins,
    },
    noBacktest: r.backtest ? null : r.noBacktest,
    years: r.years.map((y) => ({
      year: y.year,
      monthsActual: y.monthsActual,
      monthsForecast: y.monthsForecast,
      monthsInTotals: y.monthsInTotals,
      monthsFilled: y.monthsFilled,
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
