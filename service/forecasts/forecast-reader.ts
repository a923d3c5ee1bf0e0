/**
 * The read side of stored forecasts, for the API, the dashboard and the emailed reports: the
 * latest forecast per series, one run's forecasts, run records, and how past forecasts did.
 */
import { notFound } from '../errors.js';
import type { ForecastStore } from './forecast-store.js';
import type {
  ForecastOutcome,
  HorizonOutcome,
  RunRecord,
  SeriesForecast,
  SeriesForecastView,
} from '../contract/index.js';
import type { InfluxRunLog } from '../jobs/run-log.js';

export class ForecastReader {
  constructor(
    private readonly forecasts: ForecastStore,
    private readonly runStore: InfluxRunLog,
    /** Throws a 404 AppError for an unknown series. */
    private readonly checkSeries: (id: string) => unknown,
    /** What a series lacks before it can be forecast, or null (asked only when it has no forecast). */
    private readonly forecastNeeds: (id: string) => Promise<string | null> = async () => null,
  ) {}

  /** The newest forecast of every series, or of the given ones. */
  latest(series?: readonly string[]): Promise<SeriesForecast[]> {
    return this.forecasts.latest(series);
  }

  async forSeries(id: string, historyLimit = 20): Promise<SeriesForecastView> {
    await this.checkSeries(id);
    const [latest] = await this.forecasts.latest([id]);
    return {
      forecast: latest ?? null,
      history: await this.forecasts.fits(id, historyLimit),
      forecastNeeds: latest ? null : await this.forecastNeeds(id),
    };
  }

  async outcomes(id: string): Promise<{ outcomes: ForecastOutcome[]; byHorizon: HorizonOutcome[] }> {
    await this.checkSeries(id);
    const outcomes = await this.forecasts.outcomes(id);
    return { outcomes, byHorizon: byHorizon(outcomes) };
  }

  runs(options: { job?: string; limit?: number } = {}): Promise<RunRecord[]> {
    return this.runStore.list(options);
  }

  async run(id: string): Promise<RunRecord> {
    const record = await this.runStore.get(id);
    if (!record) throw notFound(`run "${id}"`);
    return record;
  }

  /** One run's forecasts (every series it fitted, or the given ones). */
  async runForecasts(id: string, series?: readonly string[]): Promise<{ run: RunRecord; forecasts: SeriesForecast[] }> {
    const run = await this.run(id);
    return { run, forecasts: await this.forecasts.ofRun(id, series) };
  }

  /** The newest run of a job that stored forecasts, or null. */
  latestRun(job: string): Promise<RunRecord | null> {
    return this.runStore.latestCompleted(job);
  }
}

export function byHorizon(outcomes: readonly ForecastOutcome[]): HorizonOutcome[] {
  const groups = new Map<number, ForecastOutcome[]>();
  for (const o of outcomes) groups.set(o.h, [...(groups.get(o.h) ?? []), o]);
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([h, list]) => {
      const apes = list.flatMap((o) => (o.apePct === null ? [] : [o.apePct]));
      return {
        h,
        n: list.length,
        mapePct: apes.length ? apes.reduce((s, x) => s + x, 0) / apes.length : null,
        within80: list.filter((o) => o.within80).length / list.length,
        within95: list.filter((o) => o.within95).length / list.length,
      };
    });
}
