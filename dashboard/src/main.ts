/**
 * Boot: route by the URL hash (`#/` overview, `#/series/<id>`), follow the live channel for what
 * the current view shows, and redraw what changed with a visible "updated" cue.
 */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type { JobProgressEvent, JobResultEvent, MissedChanges } from '../../service/contract/index.js';
import { api, checkReadToken, useTokens, type TokenSource } from './api.js';
import { formatTime } from './format.js';
import { LiveClient, type ConnectionState } from './live-client.js';
import { onSchemeChange } from './charts/theme.js';
import { storedToken, TokenGate } from './token.js';
import { AlertsPanel } from './views/alerts-panel.js';
import { ReportDeliveries } from './views/report-deliveries.js';
import { SpoolNotice } from './views/spool-notice.js';
import { OverviewView } from './views/overview.js';
import { SeriesView } from './views/series.js';

const app = document.getElementById('app')!;
let view: OverviewView | SeriesView | null = null;

const gate = new TokenGate(document.getElementById('token-gate')!, checkReadToken);
const tokens: TokenSource = { current: storedToken, obtain: (refused) => gate.obtain(refused) };
useTokens(tokens);
const spool = new SpoolNotice(document.getElementById('spool')!, api.status);
const deliveries = new ReportDeliveries(document.getElementById('report-alerts')!, api.reports);
const alerts = new AlertsPanel(document.getElementById('alerts')!, document.getElementById('alert-badge')!, {
  list: api.alerts,
  acknowledge: api.acknowledge,
  silence: api.silence,
});

/** The forecast job's name in job events (service/jobs/refit-job.ts). */
const FORECAST_JOB = 'forecast';

const STATE_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  token: 'Token needed',
};

function showState(state: ConnectionState): void {
  const el = document.getElementById('connection')!;
  el.textContent = STATE_TEXT[state];
  el.className = `conn conn-${state}`;
  el.title =
    state === 'live'
      ? 'Changes appear as they happen'
      : state === 'token'
        ? 'The service asks for an access token before it sends changes'
        : 'Figures shown may be out of date until the connection is back';
}

function cue(what: string, at: number): void {
  const el = document.getElementById('updated')!;
  el.textContent = `Updated ${formatTime(at)}: ${what}`;
  el.hidden = false;
  el.classList.remove('updated');
  void el.offsetWidth;
  el.classList.add('updated');
}

function showJob(e: JobProgressEvent | JobResultEvent): void {
  // Report sends come through the same event; they have their own panel.
  if (('record' in e ? e.record.job : e.job) !== FORECAST_JOB) return;
  const el = document.getElementById('job-status')!;
  if ('record' in e) {
    const r = e.record;
    if (r.status === 'skipped') return;
    el.textContent =
      r.status === 'running'
        ? 'Fitting forecasts…'
        : r.status === 'failed'
          ? `Forecast run failed ${formatTime(Date.parse(r.finishedAt ?? r.startedAt))}`
          : `Forecasts: ${r.seriesFitted} of ${r.seriesTotal} series fitted ${formatTime(Date.parse(r.finishedAt ?? r.startedAt))}`;
    el.title = r.errors.length ? `Not fitted: ${r.errors.map((e) => `${e.series} (${e.message})`).join('; ')}` : '';
  } else {
    el.textContent = e.done < e.total ? `Fitting forecasts ${e.done}/${e.total}` : el.textContent;
  }
}

/** Many events in a burst (a file of figures) become one refetch per view. */
function coalesce(fn: (series: Set<string> | null) => void, ms: number): (series: string | null) => void {
  let pending: Set<string> | null | undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (series) => {
    if (series === null) pending = null;
    else if (pending !== null) (pending ??= new Set()).add(series);
    timer ??= setTimeout(() => {
      const batch = pending;
      pending = undefined;
      timer = null;
      fn(batch ?? null);
    }, ms);
  };
}

const refreshView = coalesce((series) => {
  if (view instanceof OverviewView) void view.refresh(series ? [...series] : null).catch(showError);
  else if (view instanceof SeriesView && (series === null || series.has(view.id))) void view.refresh().catch(showError);
}, 150);

const live = new LiveClient(
  {
    state: showState,
    actuals: (e) => {
      refreshView(e.series);
      if (view instanceof OverviewView || (view instanceof SeriesView && view.id === e.series))
        cue(`new figures for ${e.series}`, e.at);
    },
    forecast: (e) => {
      refreshView(e.series);
      if (view instanceof SeriesView && view.id === e.series) cue(`new forecast (${e.model})`, e.at);
    },
    jobProgress: showJob,
    jobResult: (e) => {
      showJob(e);
      deliveries.apply(e.record);
      // A finished job may have been waiting on the database; the spool may have drained.
      void spool.refresh();
    },
    alert: (e) => {
      alerts.apply(e.transition);
      if (view instanceof SeriesView) view.alertChanged(e.transition.alert);
    },
    resync: (missed: MissedChanges) => {
      void deliveries.refresh();
      void alerts.refresh();
      if (!missed.complete) refreshView(null);
      else for (const s of missed.series) refreshView(s.id);
    },
  },
  tokens,
);

function showError(error: unknown): void {
  app.innerHTML = `<p class="error" role="alert">Could not load: ${String(error instanceof Error ? error.message : error).replace(/</g, '&lt;')}. <a href="#/">Back to all series</a></p>`;
}

async function route(): Promise<void> {
  const match = /^#\/series\/(.+)$/.exec(location.hash);
  // Back or forward between two filters of the overview: the same view shows what the URL says.
  if (!match && view instanceof OverviewView) return view.fromUrl().catch(showError);
  view?.destroy();
  if (match) {
    const id = decodeURIComponent(match[1]!);
    view = new SeriesView(app, id);
    live.follow([id], true);
    document.title = `${id} · pulsecast`;
  } else {
    // The live channel follows the rows on screen and the jobs, not every series.
    view = new OverviewView(app, { showing: (series) => live.follow(series, false, true) });
    live.follow([], false, true);
    document.title = 'pulsecast · EV industry figures and forecasts';
  }
  try {
    await view.load();
  } catch (error) {
    showError(error);
  }
}

window.addEventListener('hashchange', () => void route());
// The last run's result until the next job event arrives.
void api.runs(1).then(
  ([last]) => last && showJob({ record: last, at: Date.now() }),
  () => {},
);
onSchemeChange(() => void route());
spool.start();
void deliveries.refresh();
void alerts.refresh();
void route();
