/**
 * The overview: every series with its latest month and value (as text, in full digits), YoY
 * growth, year to date against last year's, the full-year forecast against last year, and a
 * sparkline; sortable by any column. Live changes refetch the affected rows and mark them.
 */
import type { SeriesForecast, SeriesSummary } from '../../../service/contract/index.js';
import { api } from '../api.js';
import { sparklineSvg } from '../charts/sparkline.js';
import { monthsFromTo } from '../../../common/month.js';
import { formatMonth, formatPct, formatValue, trendClass } from '../format.js';
import { esc, flash } from '../html.js';
import { currentYearOutlook } from '../../../common/year-outlook.js';

interface Row {
  readonly summary: SeriesSummary;
  readonly forecast: SeriesForecast | null;
  /** The last 24 months, null for gaps. */
  readonly spark: (number | null)[];
}

type SortKey = 'name' | 'latestMonth' | 'latestValue' | 'yoyPct' | 'ytdPct' | 'fyPct';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Series', numeric: false },
  { key: 'latestMonth', label: 'Latest month', numeric: false },
  { key: 'latestValue', label: 'Value', numeric: true },
  { key: 'yoyPct', label: 'YoY', numeric: true },
  { key: 'ytdPct', label: 'Year to date vs last year', numeric: true },
  { key: 'fyPct', label: 'Full-year forecast vs last year', numeric: true },
];

export class OverviewView {
  private rows = new Map<string, Row>();
  private sort: { key: SortKey; dir: 1 | -1 } = { key: 'name', dir: 1 };

  constructor(private readonly root: HTMLElement) {}

  async load(): Promise<void> {
    this.root.innerHTML = '<p class="loading">Loading series…</p>';
    const [list, forecasts] = await Promise.all([api.seriesList(), api.latestForecasts()]);
    const byId = new Map(forecasts.map((f) => [f.series, f]));
    const sparks = await Promise.all(list.map((s) => this.spark(s.id)));
    this.rows = new Map(
      list.map((s, i) => [s.id, { summary: s, forecast: byId.get(s.id) ?? null, spark: sparks[i]! }]),
    );
    this.render();
  }

  /** Refetches the rows of these series (all when null) and marks them as updated. */
  async refresh(series: readonly string[] | null): Promise<void> {
    const [list, forecasts] = await Promise.all([api.seriesList(), api.latestForecasts()]);
    const byId = new Map(forecasts.map((f) => [f.series, f]));
    const changed = series === null ? list.map((s) => s.id) : series.filter((id) => list.some((s) => s.id === id));
    const sparks = new Map(await Promise.all(changed.map(async (id) => [id, await this.spark(id)] as const)));
    this.rows = new Map(
      list.map((s) => [
        s.id,
        { summary: s, forecast: byId.get(s.id) ?? null, spark: sparks.get(s.id) ?? this.rows.get(s.id)?.spark ?? [] },
      ]),
    );
    this.render();
    for (const id of changed) flash(this.root.querySelector(`tr[data-series="${CSS.escape(id)}"]`));
  }

  private async spark(id: string): Promise<(number | null)[]> {
    const detail = await api.series(id);
    const points = detail.points;
    if (points.length === 0) return [];
    const months = monthsFromTo(points[0]!.month, points[points.length - 1]!.month).slice(-24);
    const byMonth = new Map(points.map((p) => [p.month, p.value]));
    return months.map((m) => byMonth.get(m) ?? null);
  }

  private sortValue(row: Row, key: SortKey): number | string | null {
    const s = row.summary;
    switch (key) {
      case 'name':
        return s.name || s.id;
      case 'latestMonth':
        return s.latestMonth;
      case 'latestValue':
        return s.latestValue;
      case 'yoyPct':
        return s.yoyPct;
      case 'ytdPct':
        return s.ytd?.yoyPct ?? null;
      case 'fyPct':
        return currentYearOutlook(row.forecast, row.summary.unit)?.fullYearYoyPct ?? null;
    }
  }

  private sorted(): Row[] {
    const { key, dir } = this.sort;
    return [...this.rows.values()].sort((a, b) => {
      const x = this.sortValue(a, key);
      const y = this.sortValue(b, key);
      // Unknown values sink to the bottom whichever way the column is sorted.
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  }

  private render(): void {
    const head = COLUMNS.map((c) => {
      const sorted = this.sort.key === c.key;
      const aria = sorted ? (this.sort.dir === 1 ? 'ascending' : 'descending') : 'none';
      return `<th scope="col" aria-sort="${aria}" class="${c.numeric ? 'num' : ''}"><button type="button" data-sort="${c.key}">${esc(c.label)}<span class="sort-mark" aria-hidden="true">${sorted ? (this.sort.dir === 1 ? '▲' : '▼') : ''}</span></button></th>`;
    }).join('');
    const body = this.sorted()
      .map((row) => this.rowHtml(row))
      .join('');
    this.root.innerHTML = `
      <h1>All series</h1>
      <p class="hint">Latest reported month per series. Select a series for its chart, forecast bands and sources. Sort by any column.</p>
      <label class="sort-by">Sort by <select id="sort-by">${COLUMNS.flatMap((c) =>
        [1, -1].map(
          (dir) =>
            `<option value="${c.key}:${dir}"${this.sort.key === c.key && this.sort.dir === dir ? ' selected' : ''}>${esc(c.label)} ${dir === 1 ? (c.numeric ? '(low to high)' : '(A to Z)') : c.numeric ? '(high to low)' : '(Z to A)'}</option>`,
        ),
      ).join('')}</select></label>
      <div class="table-wrap">
        <table class="overview">
          <caption class="sr-only">Series overview: latest value, growth, year to date and full-year forecast</caption>
          <thead><tr>${head}<th scope="col">Last 24 months</th></tr></thead>
          <tbody>${body || '<tr><td colspan="7">No series yet: ingest some figures.</td></tr>'}</tbody>
        </table>
      </div>`;
    this.root.querySelector<HTMLSelectElement>('#sort-by')!.addEventListener('change', (e) => {
      const [key, dir] = (e.target as HTMLSelectElement).value.split(':');
      this.sort = { key: key as SortKey, dir: Number(dir) as 1 | -1 };
      this.render();
    });
    this.root.querySelectorAll<HTMLButtonElement>('button[data-sort]').forEach((b) =>
      b.addEventListener('click', () => {
        const key = b.dataset['sort'] as SortKey;
        this.sort = {
          key,
          dir: this.sort.key === key ? (-this.sort.dir as 1 | -1) : key === 'name' || key === 'latestMonth' ? 1 : -1,
        };
        this.render();
      }),
    );
  }

  private rowHtml(row: Row): string {
    const s = row.summary;
    const fy = currentYearOutlook(row.forecast, s.unit);
    const ytd = s.ytd
      ? `${formatValue(s.ytd.value, s.unit)} <span class="vs">vs ${formatValue(s.ytd.lastYear, s.unit)}</span> <span class="${trendClass(s.ytd.yoyPct)}">${formatPct(s.ytd.yoyPct)}</span>`
      : '<span class="na" title="Not every month of this year and last is known">–</span>';
    const fyText = fy?.fullYear
      ? `${formatValue(fy.fullYear.point, s.unit)} <span class="vs">${fy.year}</span>` +
        (fy.fullYearLastYear === null
          ? ''
          : ` <span class="vs">vs ${formatValue(fy.fullYearLastYear, s.unit)}</span> <span class="${trendClass(fy.fullYearYoyPct)}">${formatPct(fy.fullYearYoyPct)}</span>`)
      : !row.forecast && s.forecastNeeds
        ? `<span class="na needs">${esc(s.forecastNeeds)}</span>`
        : '<span class="na">–</span>';
    return `<tr data-series="${esc(s.id)}">
      <th scope="row" data-label="Series"><a href="#/series/${encodeURIComponent(s.id)}">${esc(s.name || s.id)}</a><span class="unit">${esc(s.unit)}${s.conflicts ? ` · <span class="conflict-mark" title="${s.conflicts} month(s) with conflicting figures">${s.conflicts} conflict${s.conflicts > 1 ? 's' : ''}</span>` : ''}</span></th>
      <td data-label="Latest month">${esc(formatMonth(s.latestMonth))}</td>
      <td class="num value" data-label="Value">${esc(formatValue(s.latestValue, s.unit))}</td>
      <td class="num ${trendClass(s.yoyPct)}" data-label="YoY">${esc(formatPct(s.yoyPct))}</td>
      <td class="num" data-label="Year to date">${ytd}</td>
      <td class="num" data-label="Full-year forecast">${fyText}</td>
      <td class="spark-cell" data-label="Last 24 months">${sparklineSvg(row.spark, { label: `${s.name || s.id}, last 24 months` })}</td>
    </tr>`;
  }
}
