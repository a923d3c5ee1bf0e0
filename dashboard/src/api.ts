/** Typed calls to the HTTP API, with the shapes the service compiles against too. */
import type {
  Alert,
  OutcomesView,
  OverviewPage,
  Report,
  RevisionView,
  RunRecord,
  SeriesDetail,
  SeriesForecast,
  SeriesForecastView,
  SeriesSummary,
  StatusView,
} from '../../service/contract/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where API calls get the read token when the service asks for one (reads closed). */
export interface TokenSource {
  /** The token to send now, or null to send none. */
  current(): string | null;
  /** A token the service accepts, after `refused` (or no token) was refused. */
  obtain(refused: string | null): Promise<string>;
}

let tokens: TokenSource | null = null;

/** Called once by the page's boot; until then calls go without a token. */
export function useTokens(source: TokenSource): void {
  tokens = source;
}

/** A token refused for a read; any other answer is the caller's to handle. */
const isRefused = (status: number, code: string | undefined) =>
  status === 401 && (code === 'AUTH_REQUIRED' || code === 'AUTH_INVALID');

async function call(
  path: string,
  token: string | null,
): Promise<{ res: Response; body: { error?: { code: string; message: string } } | null }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(`/api/v1${path}`, { headers });
  return { res, body: (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null };
}

async function get<T>(path: string): Promise<T> {
  let token = tokens?.current() ?? null;
  let { res, body } = await call(path, token);
  // A refused token is asked for again as often as it takes; the form only lets go of one the service accepted.
  while (tokens && isRefused(res.status, body?.error?.code)) {
    token = await tokens.obtain(token);
    ({ res, body } = await call(path, token));
  }
  if (!res.ok || body === null)
    throw new ApiError(res.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

/**
 * Whether `token` may read: null when it may, else a sentence for the person who typed it.
 * Asks GET /status, the smallest read.
 */
export async function checkReadToken(token: string): Promise<string | null> {
  const { res, body } = await call('/status', token);
  if (res.ok) return null;
  if (res.status === 401) return 'That token was refused: it is unknown, revoked or mistyped.';
  if (res.status === 403) return 'That token may not read the dashboard: it needs the “read” scope (or “admin”).';
  return body?.error?.message ?? `The service answered HTTP ${res.status}.`;
}

const id = (s: string) => encodeURIComponent(s);

/** A POST with an admin token typed into the page (acknowledge, silence); throws the service's message. */
async function adminPost(path: string, token: string, body?: unknown): Promise<void> {
  const res = await fetch(`/api/v1${path}`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.ok) return;
  const answer = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  throw new ApiError(res.status, answer?.error?.code ?? 'HTTP_ERROR', answer?.error?.message ?? `HTTP ${res.status}`);
}

export const api = {
  seriesList: () => get<{ series: SeriesSummary[] }>('/series').then((b) => b.series),
  /** A page of the overview: `params` holds the filters, sort, limit and cursor. */
  seriesPage: (params: URLSearchParams) => get<OverviewPage>(`/series?${params}`),
  series: (s: string) => get<SeriesDetail>(`/series/${id(s)}`),
  revisions: (s: string) => get<{ revisions: RevisionView[] }>(`/series/${id(s)}/revisions`).then((b) => b.revisions),
  latestForecasts: () => get<{ forecasts: SeriesForecast[] }>('/forecasts').then((b) => b.forecasts),
  forecast: (s: string) => get<SeriesForecastView>(`/forecasts/${id(s)}`),
  outcomes: (s: string) => get<OutcomesView>(`/forecasts/${id(s)}/outcomes`),
  runs: (limit = 1) => get<{ runs: RunRecord[] }>(`/runs?job=forecast&limit=${limit}`).then((b) => b.runs),
  status: () => get<StatusView>('/status'),
  reports: () => get<{ reports: Report[] }>('/reports').then((b) => b.reports),
  alerts: () => get<{ alerts: Alert[] }>('/alerts').then((b) => b.alerts),
  seriesAlerts: (s: string) => get<{ alerts: Alert[] }>(`/alerts?series=${id(s)}`).then((b) => b.alerts),
  acknowledge: (alert: string, token: string) => adminPost(`/alerts/${id(alert)}/ack`, token),
  silence: (request: { series: string; rule: string; reason: string; until: string }, token: string) =>
    adminPost('/silences', token, request),
};
