/**
 * A report's inputs, read from the same places the API reads: series summaries and resolved
 * actuals from the SeriesReader, forecasts from the stored runs (never a second fit), so the
 * email shows the numbers `GET /api/v1/series` and the forecast endpoints show.
 */
import type { SeriesSummary } from '../contract/index.js';
import type { SeriesReader } from '../series-reader.js';
import type { ReportConfig } from './report-config.js';
import type { SeriesInput, StoredForecast } from './report-model.js';
import type { ReportSource } from './report-sender.js';

/** What the report needs from the forecast store: each series' latest stored forecast. */
export interface StoredForecasts {
  latest(series?: readonly string[]): Promise<readonly (StoredForecast & { readonly series: string })[]>;
}

export function storedRunSource(deps: { reader: SeriesReader; forecasts: StoredForecasts }): ReportSource {
  return {
    async inputs(report: ReportConfig): Promise<SeriesInput[]> {
      const wanted = new Set(report.series);
      const summaries = new Map((await deps.reader.list()).filter((s) => wanted.has(s.id)).map((s) => [s.id, s]));
      const forecasts = new Map((await deps.forecasts.latest(report.series)).map((f) => [f.series, f]));
      return Promise.all(
        report.series.map(async (id) => {
          const summary = summaries.get(id);
          // A series the report names but the database does not know shows as "no figures", not as a silent omission.
          if (!summary) return { summary: unknownSeries(id), actuals: [], forecast: null };
          const { points } = await deps.reader.points(id);
          return {
            summary,
            actuals: points.map((p) => ({ month: p.month, value: p.value })),
            forecast: forecasts.get(id) ?? null,
          };
        }),
      );
    },
  };
}

function unknownSeries(id: string): SeriesSummary {
  return {
    id,
    name: `${id} (unknown series)`,
    metric: '',
    entity: '',
    unit: '',
    months: 0,
    firstMonth: null,
    latestMonth: null,
    latestValue: null,
    yoyPct: null,
    ytd: null,
    conflicts: 0,
    forecastNeeds: null,
  };
}
