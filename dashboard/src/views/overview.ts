/**
 * The overview: every series with its latest month and value (as text, in full digits), YoY
 * growth, year to date against last year's, the full-year forecast against last year, and a
 * sparkline. Filtered, sorted and paged by the API (`GET /api/v1/series`), so that 10,000 series
 * cost what one screen of them costs: the filter and sort live in the URL, only the rows on screen
 * (and a margin) are in the DOM, pages are fetched as the reader scrolls towards them, and the live
 * channel follows only the series on screen.
 */
import type { OverviewPage, OverviewRow, OverviewSortKey } from '../../../service/contract/index.js';
import { api } from '../api.js';
import { formatCount } from '../format.js';
import { esc, flash } from '../html.js';
import { overviewRowHtml } from './overview-row.js';
import { hashOf, pageParams, stateFromHash, type OverviewState } from './overview-url.js';

export interface OverviewHooks {
  /** The series whose rows are in the page now: the live channel follows these only. */
  showing(series: readonly string[]): void;
}

const COLUMNS: { key: OverviewSortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Series', numeric: false },
  { key: 'latestMonth', label: 'Latest month', numeric: false },
  { key: 'latestValue', label: 'Value', numeric: true },
  { key: 'yoyPct', label: 'YoY', numeric: true },
  { key: 'ytdPct', label: 'Year to date vs last year', numeric: true },
  { key: 'fyPct', label: 'Full-year forecast vs last year', numeric: true },
];
const COLUMN_COUNT = COLUMNS.length + 1;

/** Rows asked for per page, and at most when the reader jumps far ahead. */
const PAGE_ROWS = 100;
const MAX_PAGE_ROWS = 1000;
/** Rows kept in the DOM above and below the screen, so that scrolling shows no blank. */
const OVERSCAN = 20;
/** Quiet time after a keystroke before the filter is asked for. */
export const FILTER_DEBOUNCE_MS = 120;
/** Marked (User Timing) each time an answer's rows (or that none match) have been painted: how the bench measures the page. */
export const ROWS_PAINTED_MARK = 'pulsecast:overview-rows-painted';

export class OverviewView {
  private state: OverviewState;
  private rows: OverviewRow[] = [];
  private total = 0;
  private next: string | null = null;
  /** Bumped by every new query: answers to an older one are dropped. */
  private generation = 0;
  private fetching: Promise<void> | null = null;
  private rowHeight = 48;
  private shown = { start: -1, end: -1, ids: '' };
  private typing: ReturnType<typeof setTimeout> | null = null;
  /** The current history entry was made by typing: more typing replaces it rather than adding one. */
  private typedEntry = false;
  private frame = 0;
  private readonly onScroll = () => {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.paint(false);
    });
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly hooks: OverviewHooks,
  ) {
    this.state = stateFromHash(location.hash);
  }

  async load(): Promise<void> {
    this.renderShell();
    window.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('resize', this.onScroll);
    await this.reload();
  }

  destroy(): void {
    window.removeEventListener('scroll', this.onScroll);
    window.removeEventListener('resize', this.onScroll);
    if (this.typing) clearTimeout(this.typing);
    cancelAnimationFrame(this.frame);
  }

  /** The URL changed under the view (back, forward, a shared link): show what it says. */
  async fromUrl(): Promise<void> {
    this.state = stateFromHash(location.hash);
    this.typedEntry = false;
    this.syncControls();
    await this.reload();
  }

  /** Refetches the rows of these series (every row when null) and marks the ones on screen. */
  async refresh(series: readonly string[] | null): Promise<void> {
    if (series === null) return this.reload();
    const loaded = series.filter((id) => this.rows.some((r) => r.id === id));
    if (loaded.length === 0) return;
    const generation = this.generation;
    const page = await api.seriesPage(new URLSearchParams({ series: loaded.join(','), limit: '1000' }));
    if (generation !== this.generation) return;
    const fresh = new Map(page.series.map((r) => [r.id, r]));
    this.rows = this.rows.map((r) => fresh.get(r.id) ?? r);
    this.paint(true);
    for (const id of loaded) flash(this.root.querySelector(`tr[data-series="${CSS.escape(id)}"]`));
  }

  private async reload(): Promise<void> {
    const generation = ++this.generation;
    this.fetching = null;
    const params = pageParams(this.state);
    params.set('limit', String(Math.max(PAGE_ROWS, this.screenRows() + 2 * OVERSCAN)));
    const page = await api.seriesPage(params);
    if (generation !== this.generation) return;
    this.take(page, true);
    this.paint(true);
  }

  private take(page: OverviewPage, fresh: boolean): void {
    this.rows = fresh ? [...page.series] : [...this.rows, ...page.series];
    this.total = page.total;
    this.next = page.nextCursor;
  }

  /** Fetches pages until `end` rows are loaded (or all are), then paints. */
  private fetchTo(end: number): void {
    if (this.fetching || this.next === null || this.rows.length >= end) return;
    const generation = this.generation;
    const params = pageParams(this.state);
    params.set('limit', String(Math.min(MAX_PAGE_ROWS, Math.max(PAGE_ROWS, end - this.rows.length))));
    params.set('cursor', this.next);
    this.fetching = api.seriesPage(params).then(
      (page) => {
        if (generation !== this.generation) return;
        this.fetching = null;
        this.take(page, false);
        this.paint(true);
      },
      () => {
        if (generation === this.generation) this.fetching = null;
      },
    );
  }

  private screenRows(): number {
    return Math.ceil(window.innerHeight / this.rowHeight);
  }

  /** Puts the rows on screen (and the margins) into the table; `force` when the rows themselves changed. */
  private paint(force: boolean): void {
    const body = this.root.querySelector<HTMLTableSectionElement>('#overview-rows');
    if (!body) return;
    const top = body.getBoundingClientRect().top + window.scrollY;
    const first = Math.max(0, Math.floor((window.scrollY - top) / this.rowHeight));
    const start = Math.max(0, Math.min(first - OVERSCAN, this.total - 1));
    const end = Math.min(this.total, first + this.screenRows() + OVERSCAN);
    this.fetchTo(end);
    const shownEnd = Math.min(end, this.rows.length);
    if (!force && start === this.shown.start && shownEnd === this.shown.end) return;
    const visible = this.rows.slice(start, shownEnd);
    body.innerHTML =
      (start > 0 ? spacer('above') : '') +
      (visible.map(overviewRowHtml).join('') || this.emptyRow()) +
      (shownEnd < this.total ? spacer('below') : '');
    this.sizeSpacers(body, start, shownEnd);
    this.count();
    const ids = visible.map((r) => r.id);
    if (ids.join('\n') !== this.shown.ids) this.hooks.showing(ids);
    this.shown = { start, end: shownEnd, ids: ids.join('\n') };
    // The filter the rows were painted for, so a measurement can tell its own paint from an earlier one's.
    const q = this.state.q.trim();
    requestAnimationFrame(() => performance.mark(ROWS_PAINTED_MARK, { detail: { q, rows: visible.length } }));
  }

  /** Spacers stand in for the rows not in the DOM, at the height rows have been seen to take. */
  private sizeSpacers(body: HTMLElement, start: number, end: number): void {
    const drawn = [...body.querySelectorAll<HTMLElement>('tr[data-series]')];
    if (drawn.length > 0) this.rowHeight = drawn.reduce((h, tr) => h + tr.offsetHeight, 0) / drawn.length || 48;
    const above = body.querySelector<HTMLElement>('tr.spacer-above td');
    const below = body.querySelector<HTMLElement>('tr.spacer-below td');
    if (above) above.style.height = `${start * this.rowHeight}px`;
    if (below) below.style.height = `${(this.total - end) * this.rowHeight}px`;
  }

  private emptyRow(): string {
    const filtered = this.state.q.trim() !== '' || this.state.conflictsOnly;
    const text = filtered ? 'No series match this filter.' : 'No series yet: ingest some figures.';
    return `<tr><td colspan="${COLUMN_COUNT}">${text}</td></tr>`;
  }

  private count(): void {
    const el = this.root.querySelector('#overview-count');
    if (!el) return;
    const filtered = this.state.q.trim() !== '' || this.state.conflictsOnly;
    el.textContent = `${formatCount(this.total)} series${filtered ? ' match' : ''}`;
  }

  /** A new filter or sort: into the URL (a new history entry, or the typing one), then the first page. */
  private commit(typed: boolean): void {
    const hash = hashOf(this.state);
    if (hash !== location.hash && !(hash === '#/' && location.hash === '')) {
      if (typed && this.typedEntry) history.replaceState(null, '', hash);
      else history.pushState(null, '', hash);
    }
    this.typedEntry = typed;
    window.scrollTo({ top: 0 });
    this.syncControls();
    void this.reload();
  }

  private renderShell(): void {
    const head = COLUMNS.map(
      (c) =>
        `<th scope="col" aria-sort="none" class="${c.numeric ? 'num' : ''}"><button type="button" data-sort="${c.key}">${esc(c.label)}<span class="sort-mark" aria-hidden="true"></span></button></th>`,
    ).join('');
    const options = COLUMNS.flatMap((c) =>
      [1, -1].map(
        (dir) =>
          `<option value="${c.key}:${dir}">${esc(c.label)} ${dir === 1 ? (c.numeric ? '(low to high)' : '(A to Z)') : c.numeric ? '(high to low)' : '(Z to A)'}</option>`,
      ),
    ).join('');
    this.root.innerHTML = `
      <h1>All series</h1>
      <p class="hint">Latest reported month per series. Select a series for its chart, forecast bands and sources. Sort by any column.</p>
      <div class="overview-controls">
        <label class="filter">Find <input type="search" id="overview-filter" autocomplete="off" placeholder="name or id" /></label>
        <label class="only-conflicts"><input type="checkbox" id="overview-conflicts" /> Only series with conflicts</label>
        <label class="sort-by">Sort by <select id="sort-by">${options}</select></label>
        <span id="overview-count" class="count" aria-live="polite"></span>
      </div>
      <div class="table-wrap">
        <table class="overview">
          <caption class="sr-only">Series overview: latest value, growth, year to date and full-year forecast</caption>
          <thead><tr>${head}<th scope="col">Last 24 months</th></tr></thead>
          <tbody id="overview-rows"><tr><td colspan="${COLUMN_COUNT}" class="loading">Loading series…</td></tr></tbody>
        </table>
      </div>`;
    this.syncControls();
    const filter = this.root.querySelector<HTMLInputElement>('#overview-filter')!;
    filter.addEventListener('input', () => {
      this.state = { ...this.state, q: filter.value };
      if (this.typing) clearTimeout(this.typing);
      this.typing = setTimeout(() => {
        this.typing = null;
        this.commit(true);
      }, FILTER_DEBOUNCE_MS);
    });
    this.root.querySelector<HTMLInputElement>('#overview-conflicts')!.addEventListener('change', (e) => {
      this.state = { ...this.state, conflictsOnly: (e.target as HTMLInputElement).checked };
      this.commit(false);
    });
    this.root.querySelector<HTMLSelectElement>('#sort-by')!.addEventListener('change', (e) => {
      const [key, dir] = (e.target as HTMLSelectElement).value.split(':');
      this.state = { ...this.state, sort: { key: key as OverviewSortKey, dir: Number(dir) as 1 | -1 } };
      this.commit(false);
    });
    this.root.querySelectorAll<HTMLButtonElement>('button[data-sort]').forEach((b) =>
      b.addEventListener('click', () => {
        const key = b.dataset['sort'] as OverviewSortKey;
        const { sort } = this.state;
        const dir = sort.key === key ? -sort.dir : key === 'name' || key === 'latestMonth' ? 1 : -1;
        this.state = { ...this.state, sort: { key, dir: dir as 1 | -1 } };
        this.commit(false);
      }),
    );
  }

  /** The controls and the column headers show the state. */
  private syncControls(): void {
    const { q, sort, conflictsOnly } = this.state;
    const filter = this.root.querySelector<HTMLInputElement>('#overview-filter');
    if (filter && filter.value !== q) filter.value = q;
    const conflicts = this.root.querySelector<HTMLInputElement>('#overview-conflicts');
    if (conflicts) conflicts.checked = conflictsOnly;
    const select = this.root.querySelector<HTMLSelectElement>('#sort-by');
    if (select) select.value = `${sort.key}:${sort.dir}`;
    this.root.querySelectorAll<HTMLButtonElement>('button[data-sort]').forEach((b) => {
      const sorted = b.dataset['sort'] === sort.key;
      b.closest('th')!.setAttribute('aria-sort', sorted ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none');
      b.querySelector('.sort-mark')!.textContent = sorted ? (sort.dir === 1 ? '▲' : '▼') : '';
    });
  }
}

const spacer = (where: 'above' | 'below') =>
  `<tr class="spacer spacer-${where}" aria-hidden="true"><td colspan="${COLUMN_COUNT}"></td></tr>`;
