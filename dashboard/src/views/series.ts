/**
 * One series: KPI tiles, actuals and forecast with 80 % and 95 % bands and last year's line, YoY
 * bars, the model with its backtest accuracy and the time of the last fit, and past forecasts
 * against what happened. Every chart has its table underneath. Pointing at a month shows where the
 * figure came from, its revisions and any conflict, with the review that settled it. The series'
 * alerts are marked on the chart (alert-marks.ts). Live changes redraw and mark what changed.
 */
import type {
  Alert,
  ConflictReviewView,
  OutcomesView,
  RevisionView,
  SeriesDetail,
  SeriesForecastView,
  SeriesPoint,
} from '../../../service/contract/index.js';
import { addMonths } from '../../../common/month.js';
import { isAdditiveUnit } from '../../../common/units.js';
import { seriesYearToDate } from '../../../common/yoy.js';
import { api } from '../api.js';
import { forecastChart, type ChartHandle } from '../charts/forecast-chart.js';
import { yoyBars } from '../charts/yoy-bars.js';
import { formatDateTime, formatMonth, formatPct, formatShare, formatValue, trendClass } from '../format.js';
import { esc, flash } from '../html.js';
import { currentYearOutlook, yearMonthsText } from '../../../common/year-outlook.js';
import { shapeSeries, type SeriesShape } from './series-data.js';
import { outcomesHtml } from './outcomes-table.js';
import { alertMarks, lastMarkedMonth, type ChartMarks } from './alert-marks.js';

interface Loaded {
  readonly detail: SeriesDetail;
  readonly forecast: SeriesForecastView;
  readonly outcomes: OutcomesView;
  readonly revisions: readonly RevisionView[];
  /** The series' alerts by id, as the API listed them and live events moved them since. */
  readonly alerts: ReadonlyMap<string, Alert>;
  readonly marks: ChartMarks;
  readonly shape: SeriesShape;
}

export class SeriesView {
  private data: Loaded | null = null;
  private main: ChartHandle | null = null;
  private bars: { update(d: SeriesShape['yoy']): void; destroy(): void } | null = null;
  /** Alerts of this series the live channel brought since the view opened. */
  private readonly live = new Map<string, Alert>();

  constructor(
    private readonly root: HTMLElement,
    readonly id: string,
  ) {}

  async load(): Promise<void> {
    this.root.innerHTML = '<p class="loading">Loading…</p>';
    this.data = await this.fetch();
    this.renderSkeleton();
    this.renderParts(false);
  }

  /** Refetches after a live change and marks the parts whose numbers moved. */
  async refresh(): Promise<void> {
    if (!this.data) return this.load();
    this.data = await this.fetch();
    this.renderParts(true);
  }

  /** A live alert of this series: its mark appears or changes without a reload. */
  alertChanged(alert: Alert): void {
    if (alert.series !== this.id) return;
    const known = this.live.get(alert.id);
    if (known && known.updatedAt > alert.updatedAt) return;
    this.live.set(alert.id, alert);
    if (!this.data) return;
    this.data = shaped({ ...this.data, alerts: newest(this.data.alerts, this.live) });
    this.main?.update(this.data.shape.chart);
    this.main?.mark(this.data.marks);
    flash(this.root.querySelector('#main-chart'));
  }

  destroy(): void {
    this.main?.destroy();
    this.bars?.destroy();
  }

  private async fetch(): Promise<Loaded> {
    const [detail, forecast, outcomes, revisions, alerts] = await Promise.all([
      api.series(this.id),
      api.forecast(this.id),
      api.outcomes(this.id),
      api.revisions(this.id),
      api.seriesAlerts(this.id),
    ]);
    // A live alert may have arrived while the fetch was under way: the newer of each stays.
    const listed = new Map(alerts.map((a) => [a.id, a]));
    return shaped({ detail, forecast, outcomes, revisions, alerts: newest(listed, this.live) });
  }

  private renderSkeleton(): void {
    const { detail } = this.data!;
    const s = detail.series;
    this.root.innerHTML = `
      <p class="crumbs"><a href="#/">← All series</a></p>
      <h1>${esc(s.name || s.id)} <span class="unit">${esc(s.unit)}</span></h1>
      <p class="hint">${esc(s.metric)} · ${esc(s.entity)} · series id <code>${esc(s.id)}</code></p>
      <section class="tiles" aria-label="Key figures"></section>
      <section class="panel">
        <h2>Actuals and forecast</h2>
        <p class="hint">Shaded: 80 % (darker) and 95 % prediction intervals. Dashed grey: the same month last year. Gaps are months with no reported figure. Point at a month for its source. A ring marks a surprise, with the 95 % and 80 % bands its forecast had bracketed beside it; a dashed slot, a month expected but not in yet.</p>
        <div class="chart-box"><div class="chart" id="main-chart"></div><div class="tooltip" role="tooltip" hidden></div></div>
        <details class="table-alt" open><summary>Table of the chart</summary><div class="table-wrap" id="main-table"></div></details>
        <div id="published"></div>
      </section>
      <section class="panel">
        <h2>Growth on the same month last year</h2>
        <div class="chart" id="yoy-chart"></div>
        <details class="table-alt"><summary>Table of the chart</summary><div class="table-wrap" id="yoy-table"></div></details>
      </section>
      <section class="panel" id="model"></section>
      <section class="panel" id="outcomes"></section>`;
    const { shape } = this.data!;
    const chartEl = this.root.querySelector<HTMLElement>('#main-chart')!;
    this.main = forecastChart(chartEl, shape.chart, {
      onHover: (idx, left, top) => this.tooltip(idx, left, top),
    });
    this.main.mark(this.data!.marks);
    this.bars = yoyBars(this.root.querySelector<HTMLElement>('#yoy-chart')!, shape.yoy);
  }

  private renderParts(live: boolean): void {
    const d = this.data!;
    this.main?.update(d.shape.chart);
    this.main?.mark(d.marks);
    this.bars?.update(d.shape.yoy);
    const parts: [string, string][] = [
      ['.tiles', this.tilesHtml()],
      ['#main-table', this.mainTableHtml()],
      ['#yoy-table', this.yoyTableHtml()],
      ['#published', this.publishedHtml()],
      ['#model', this.modelHtml()],
      ['#outcomes', outcomesHtml(d.outcomes, d.detail.series.unit)],
    ];
    for (const [selector, html] of parts) {
      const el = this.root.querySelector(selector);
      if (!el) continue;
      if (!live) {
        el.innerHTML = html;
        continue;
      }
      // Mark each tile whose text changed, and any other part as a whole.
      if (selector === '.tiles') {
        const before = [...el.querySelectorAll('.tile')].map((t) => t.textContent);
        el.innerHTML = html;
        el.querySelectorAll('.tile').forEach((t, i) => {
          if (t.textContent !== before[i]) flash(t);
        });
      } else if (el.innerHTML !== html) {
        el.innerHTML = html;
      }
    }
    if (live) flash(this.root.querySelector('#main-chart'));
  }

  private tilesHtml(): string {
    const { detail, forecast } = this.data!;
    const unit = detail.series.unit;
    const pts = detail.points;
    const latest = pts[pts.length - 1];
    const f = forecast.forecast;
    const fy = currentYearOutlook(f, unit);
    const next = f?.points[0];
    // The API's overview rule (common/yoy.ts); a point carries last year's value even when the points
    // start within this year.
    const valueOf = new Map<string, number>();
    for (const p of pts) if (p.lastYear !== null) valueOf.set(addMonths(p.month, -12), p.lastYear);
    for (const p of pts) valueOf.set(p.month, p.value);
    // Year-to-date figures, months without a figure of their own included: the API's summary reads the same.
    const published = new Map(detail.published.map((p) => [p.month, p.value]));
    const ytd = seriesYearToDate(unit, latest?.month, (m) => valueOf.get(m), published);
    const tile = (label: string, value: string, sub: string, extra = '', valueAttrs = 'class="tile-value"') =>
      `<div class="tile" ${extra}><div class="tile-label">${label}</div><div ${valueAttrs}>${value}</div><div class="tile-sub">${sub}</div></div>`;
    return [
      tile(
        'Latest month',
        esc(formatValue(latest?.value, unit)),
        `${esc(formatMonth(latest?.month))}${latest?.basis === 'derived' ? ' · derived from year-to-date figures' : ''}`,
        'data-kpi="latest"',
      ),
      tile(
        'YoY growth',
        `<span class="${trendClass(latest?.yoyPct)}">${esc(formatPct(latest?.yoyPct))}</span>`,
        latest?.lastYear != null
          ? `vs ${esc(formatValue(latest.lastYear, unit))} a year before`
          : 'no figure a year before',
        'data-kpi="yoy"',
      ),
      tile(
        'Year to date',
        esc(formatValue(ytd?.value, unit)),
        ytd
          ? (ytd.through !== latest?.month ? `through ${esc(formatMonth(ytd.through))} · ` : '') +
              (ytd.lastYear === null
                ? 'the same months last year are not all known'
                : `vs ${esc(formatValue(ytd.lastYear, unit))} last year · <span class="${trendClass(ytd.yoyPct)}">${esc(formatPct(ytd.yoyPct))}</span>`) +
              (ytd.basis === 'published' ? ' · from published year-to-date totals' : '')
          : isAdditiveUnit(unit)
            ? 'not every month of this year is known'
            : 'a share or rate has no year-to-date total',
        'data-kpi="ytd"',
      ),
      tile(
        `Full year ${fy ? fy.year : ''} forecast`,
        esc(formatValue(fy?.fullYear?.point, unit)),
        fy?.fullYear
          ? `80 %: ${esc(formatValue(fy.fullYear.lo80, unit))} – ${esc(formatValue(fy.fullYear.hi80, unit))} · ${esc(yearMonthsText(fy))} · ` +
              (fy.fullYearLastYear === null
                ? 'last year not fully known'
                : `vs ${esc(formatValue(fy.fullYearLastYear, unit))} last year <span class="${trendClass(fy.fullYearYoyPct)}">${esc(formatPct(fy.fullYearYoyPct))}</span>`)
          : isAdditiveUnit(unit)
            ? 'no full-year forecast yet'
            : 'a share or rate has no full-year total',
        'data-kpi="full-year"',
      ),
      tile(
        'Next month forecast',
        esc(formatValue(next?.point, unit)),
        next
          ? `${esc(formatMonth(next.month))} · 80 %: ${esc(formatValue(next.lo80, unit))} – ${esc(formatValue(next.hi80, unit))}`
          : esc(this.data!.forecast.forecastNeeds ?? 'no forecast yet'),
        'data-kpi="next"',
      ),
      tile(
        'Model',
        esc(f?.model ?? '–'),
        f
          ? `fitted ${esc(formatDateTime(f.fittedAt))} · ${f.backtest ? `backtest sMAPE ${esc(f.backtest.smape.toFixed(1))}` : `<span title="${esc(f.noBacktest ?? '')}">no backtest yet</span>`}`
          : 'not fitted yet',
        'data-kpi="model"',
        // A model's name is a phrase, not a figure: set smaller and cut at three lines, whole on hover and in
        // the Model panel below, so that it does not stretch the row of figures beside it.
        `class="tile-value tile-text" title="${esc(f?.model ?? '')}"`,
      ),
    ].join('');
  }

  private mainTableHtml(): string {
    const { shape, detail } = this.data!;
    const unit = detail.series.unit;
    const rows = shape.chart.months
      .map((m, i) => {
        const a = shape.actualByMonth.get(m);
        const f = shape.forecastByMonth.get(m);
        if (!a && !f)
          return `<tr class="gap"><th scope="row">${esc(formatMonth(m))}</th><td colspan="6">no figure</td></tr>`;
        return `<tr><th scope="row">${esc(formatMonth(m))}</th>
          <td class="num">${esc(formatValue(a?.value, unit))}${a ? conflictMark(a) : ''}</td>
          <td class="num">${esc(formatValue(shape.chart.lastYear[i], unit))}</td>
          <td class="num">${esc(formatValue(f?.point, unit))}</td>
          <td class="num">${f ? `${esc(formatValue(f.lo80, unit))} – ${esc(formatValue(f.hi80, unit))}` : '–'}</td>
          <td class="num">${f ? `${esc(formatValue(f.lo95, unit))} – ${esc(formatValue(f.hi95, unit))}` : '–'}</td>
          <td class="src">${a ? sourceLink(a.source) : ''}</td></tr>`;
      })
      .reverse()
      .join('');
    return `<table><thead><tr><th scope="col">Month</th><th scope="col" class="num">Actual</th><th scope="col" class="num">Last year</th><th scope="col" class="num">Forecast</th><th scope="col" class="num">80 % interval</th><th scope="col" class="num">95 % interval</th><th scope="col">Source</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  private yoyTableHtml(): string {
    const { shape } = this.data!;
    const rows = shape.yoy.months
      .map((m, i) => {
        const a = shape.yoy.actual[i];
        const f = shape.yoy.forecast[i];
        if (a == null && f == null) return '';
        return `<tr><th scope="row">${esc(formatMonth(m))}</th><td class="num ${trendClass(a)}">${esc(formatPct(a))}</td><td class="num ${trendClass(f)}">${esc(formatPct(f))}</td></tr>`;
      })
      .reverse()
      .join('');
    return `<table><thead><tr><th scope="col">Month</th><th scope="col" class="num">YoY, actual</th><th scope="col" class="num">YoY, forecast</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No month has a figure a year before it.</td></tr>'}</tbody></table>`;
  }

  /**
   * The year-to-date totals published for the series, newest first: what its year to date and filled months
   * rest on, and for a series known only by such totals (a national total for a whole year) the only
   * figures it has, so then open and said first.
   */
  private publishedHtml(): string {
    const { detail } = this.data!;
    if (detail.published.length === 0) return '';
    const none = detail.points.length === 0;
    const rows = [...detail.published]
      .sort((a, b) => b.month.localeCompare(a.month))
      .map(
        (p) =>
          `<tr><th scope="row">${esc(formatMonth(p.month))}</th><td class="num">${esc(formatValue(p.value, detail.series.unit))}</td></tr>`,
      )
      .join('');
    return `${none ? '<p class="hint">No monthly figures yet: only the year-to-date totals published for it, below.</p>' : ''}
      <details class="table-alt"${none ? ' open' : ''}><summary>Published year-to-date totals (${detail.published.length})</summary>
      <div class="table-wrap"><table class="compact"><thead><tr><th scope="col">Year to date through</th><th scope="col" class="num">Total</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
  }

  private modelHtml(): string {
    const f = this.data!.forecast.forecast;
    const needs = this.data!.forecast.forecastNeeds;
    if (!f)
      return needs
        ? `<h2>Model</h2><p data-forecast-needs>No forecast: the series ${esc(needs)}.</p>`
        : '<h2>Model</h2><p>No forecast yet: the forecast job fits this series on its next run.</p>';
    const b = f.backtest;
    const history = this.data!.forecast.history.slice(0, 5);
    return `<h2>Model</h2>
      <p><strong>${esc(f.model)}</strong> (method ${esc(f.method)}), fitted ${esc(formatDateTime(f.fittedAt))} on figures through ${esc(formatMonth(f.lastActual))}.</p>
      <p class="reason">${esc(f.reason)}</p>
      ${f.calibration ? `<p class="hint" data-calibration>Its 80 % and 95 % intervals: ${esc(f.calibration)}.</p>` : ''}
      ${
        b
          ? `<table class="compact"><caption>Backtest of this method on this series (${b.origins} forecast origins)</caption><tbody>
        <tr><th scope="row">sMAPE</th><td class="num">${esc(b.smape.toFixed(2))}</td></tr>
        <tr><th scope="row">MASE</th><td class="num">${esc(b.mase.toFixed(3))}</td></tr>
        <tr><th scope="row">80 % interval coverage</th><td class="num">${esc(formatShare(b.coverage80))}</td></tr>
        <tr><th scope="row">95 % interval coverage</th><td class="num">${esc(formatShare(b.coverage95))}</td></tr></tbody></table>`
          : `<p class="hint" data-no-backtest>No backtest yet${f.noBacktest ? `: ${esc(f.noBacktest)}` : ''}.</p>`
      }
      <p class="hint">Beside it, the YoY growth baseline (${esc(f.baseline.method)}) forecasts next month at ${esc(formatValue(f.baseline.points[0]?.point, this.data!.detail.series.unit))}.</p>
      ${history.length > 1 ? `<details><summary>Earlier fits</summary><ul>${history.map((h) => `<li>${esc(formatDateTime(h.fittedAt))}: ${esc(h.model)}, through ${esc(formatMonth(h.lastActual))}</li>`).join('')}</ul></details>` : ''}`;
  }

  private tooltip(idx: number | null, left: number, top: number): void {
    const tip = this.root.querySelector<HTMLElement>('.tooltip');
    if (!tip || !this.data) return;
    const month = idx === null ? undefined : this.data.shape.chart.months[idx];
    if (month === undefined) {
      tip.hidden = true;
      return;
    }
    const unit = this.data.detail.series.unit;
    const a = this.data.shape.actualByMonth.get(month);
    const f = this.data.shape.forecastByMonth.get(month);
    const revisions = this.data.revisions.filter((r) => r.month === month);
    let html = `<div class="tip-title">${esc(formatMonth(month))}</div>`;
    if (a) {
      html += `<div><strong>${esc(formatValue(a.value, unit))}</strong> ${esc(unit)}${a.basis === 'derived' ? ' (derived from year-to-date figures)' : ''}${a.yoyPct !== null ? ` · YoY ${esc(formatPct(a.yoyPct))}` : ''}</div>`;
      if (a.source) html += `<div class="tip-src">Source: ${esc(a.source)}</div>`;
      if (a.quote) html += `<blockquote>${esc(a.quote)}</blockquote>`;
      if (a.figures.length > 1)
        html += `<div>Figures: ${a.figures.map((r) => `${esc(formatValue(r.value, unit))} (${esc(hostOf(r.source))})`).join('; ')}</div>`;
      if (a.conflicts.length) html += `<div class="tip-conflict">Conflict: ${a.conflicts.map(esc).join(', ')}</div>`;
      if (a.reviewed) html += `<div class="tip-reviewed">${esc(reviewedText(a.reviewed))}</div>`;
      if (revisions.length)
        html += `<div>Revisions: ${revisions.map((r) => `${esc(formatValue(r.previousValue, unit))} → ${esc(formatValue(r.value, unit))} on ${esc(formatDateTime(r.changedAt))}`).join('; ')}</div>`;
    } else if (f) {
      html += `<div>Forecast <strong>${esc(formatValue(f.point, unit))}</strong> ${esc(unit)}</div><div>80 %: ${esc(formatValue(f.lo80, unit))} – ${esc(formatValue(f.hi80, unit))}</div><div>95 %: ${esc(formatValue(f.lo95, unit))} – ${esc(formatValue(f.hi95, unit))}</div>${f.yoyPct !== null ? `<div>YoY ${esc(formatPct(f.yoyPct))}</div>` : ''}`;
    } else {
      html += '<div>No figure reported for this month.</div>';
    }
    const { surprises, missing } = this.data.marks;
    for (const m of [...surprises, ...missing])
      if (m.month === month) html += `<div class="tip-alert">${esc(m.title)}</div>`;
    tip.innerHTML = html;
    tip.hidden = false;
    const box = tip.parentElement!.getBoundingClientRect();
    const x = Math.min(left + 60, box.width - tip.offsetWidth - 4);
    tip.style.left = `${Math.max(0, x)}px`;
    tip.style.top = `${Math.max(0, top - 10)}px`;
  }
}

/** The marks of the alerts, and the chart's shape with its axis reaching every marked month. */
function shaped(d: Omit<Loaded, 'marks' | 'shape'>): Loaded {
  const marks = alertMarks(d.alerts.values());
  return { ...d, marks, shape: shapeSeries(d.detail.points, d.forecast.forecast, lastMarkedMonth(marks)) };
}

function newest(a: ReadonlyMap<string, Alert>, b: ReadonlyMap<string, Alert>): Map<string, Alert> {
  const out = new Map(a);
  for (const [id, alert] of b) if ((out.get(id)?.updatedAt ?? '') <= alert.updatedAt) out.set(id, alert);
  return out;
}

/** A month's conflict mark: open, or settled by an admin's review (who and why in its title). */
function conflictMark(p: SeriesPoint): string {
  if (p.reviewed) return ` <span class="reviewed-mark" title="${esc(reviewedText(p.reviewed))}">✓</span>`;
  return p.conflicts.length ? ' <span class="conflict-mark" title="conflicting figures">!</span>' : '';
}

const reviewedText = (r: ConflictReviewView) => `Reviewed by ${r.by}: ${r.reason}`;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function sourceLink(source: string): string {
  if (/^https?:\/\//.test(source))
    return `<a href="${esc(source)}" rel="noopener noreferrer" target="_blank">${esc(hostOf(source))}</a>`;
  return esc(source);
}
