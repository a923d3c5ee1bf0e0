/** Typed calls to the HTTP API, with the shapes the service compiles against too. */
import type { RevisionView, SeriesDetail, SeriesSummary } from '../../service/http/api-types.js';
import type { OutcomesView, RunRecord, SeriesForecast, SeriesForecastView } from '../../service/forecasts/forecast-types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`/api/v1${path}`, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (!res.ok || body === null) throw new ApiError(res.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

const id = (s: string) => encodeURIComponent(s);

export const api = {
  seriesList: () => get<{ series: SeriesSummary[] }>('/series').then((b) => b.series),
  series: (s: string) => get<SeriesDetail>(`/series/${id(s)}`),
  revisions: (s: string) => get<{ revisions: RevisionView[] }>(`/series/${id(s)}/revisions`).then((b) => b.revisions),
  latestForecasts: () => get<{ forecasts: SeriesForecast[] }>('/forecasts').then((b) => b.forecasts),
  forecast: (s: string) => get<SeriesForecastView>(`/forecasts/${id(s)}`),
  outcomes: (s: string) => get<OutcomesView>(`/forecasts/${id(s)}/outcomes`),
  runs: (limit = 1) => get<{ runs: RunRecord[] }>(`/runs?job=forecast&limit=${limit}`).then((b) => b.runs),
};
