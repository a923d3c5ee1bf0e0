/**
 * One ingest batch: rows go in chunk by chunk (a large upload is never held whole), each chunk is
 * validated, reconciled with what is stored and written before the next is read, and the summary
 * says exactly which rows were stored. Parsing is the caller's: every format arrives here as RawRows.
 */
import { reportKey, type Report } from './report.js';
import { reconcile } from './reconcile.js';
import { resolveSeries, type Conflict } from './resolve.js';
import type { SeriesCatalog } from './series-catalog.js';
import type { SeriesStore } from './store-port.js';
import type { InputFormat, MonthKey, Observation, RawRow, RowError } from './types.js';
import { validateBatch } from './validate.js';

export interface IngestDeps {
  readonly store: SeriesStore;
  readonly catalog: SeriesCatalog;
  /** ms since the epoch; injected so that tests drive time. */
  readonly now: () => number;
  /** Told after each stored chunk which series and months changed. */
  readonly onStored?: (change: StoredChange) => void;
}

export interface StoredChange {
  readonly batch: string;
  /** Months whose reports were inserted or restated, by series. */
  readonly months: ReadonlyMap<string, readonly MonthKey[]>;
}

export interface IngestSummary {
  readonly batch: string;
  /** Rows read, whatever became of them. */
  readonly rows: number;
  /** Rows stored: new, restated, or identical to what was stored already. */
  readonly accepted: number;
  readonly inserted: number;
  readonly restated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** The first errors (all of them up to `MAX_LISTED`), each naming its row, field and reason. */
  readonly errors: readonly RowError[];
  readonly conflicts: readonly Conflict[];
  readonly createdSeries: readonly string[];
}

/** How many row errors and conflicts a summary lists; the counts are always complete. */
export const MAX_LISTED = 1000;

/** Series whose reports a session keeps in memory; past this the oldest are read again when needed. */
const CACHED_SERIES = 500;

/**
 * Chunk writes in flight at once: the next chunk is validated while the last one is written,
 * and two writes keep InfluxDB's two cores busy. More only adds memory.
 */
const MAX_IN_FLIGHT = 2;

export class IngestSession {
  private rows = 0;
  private inserted = 0;
  private restated = 0;
  private unchanged = 0;
  private rejected = 0;
  private readonly errors: RowError[] = [];
  private readonly conflicts = new Map<string, Conflict>();
  private readonly created: string[] = [];
  /** Reports by series, for series this session has touched: all of that series' reports. */
  private readonly cache = new Map<string, Map<string, Report>>();
  private readonly createdHere = new Set<string>();
  private readonly inFlight: Promise<void>[] = [];
  private failure: unknown = null;

  constructor(
    private readonly deps: IngestDeps,
    readonly batch: string,
    private readonly format: InputFormat = 'csv',
  ) {}

  /**
   * Validates and reconciles one chunk and starts writing it; resolves when the session is ready
   * for the next chunk. Rows count as stored only once their write has finished: call `finish()`.
   */
  async addRows(raw: readonly RawRow[], extraErrors: readonly RowError[] = []): Promise<void> {
    if (this.failure) throw this.failure;
    this.rows += raw.length + extraErrors.length;
    this.reject(extraErrors);
    const { catalog, store } = this.deps;
    await catalog.fetchUnknown(raw.map((r) => String(r.fields['series'] ?? '').trim()).filter((id) => id !== '' && id.length <= 100));
    const { observations, errors } = validateBatch([...raw], (id) => catalog.get(id), { format: this.format });
    this.reject(errors);
    if (observations.length === 0) return;
    const now = this.deps.now();
    for (const id of await catalog.createMissing(observations, now)) {
      this.created.push(id);
      this.createdHere.add(id);
    }
    const touched = [...new Set(observations.map((o) => o.series))];
    await this.loadReports(touched);
    const result = reconcile(observations, {
      stored: (key) => this.cache.get(key.slice(0, key.indexOf('\u0000')))?.get(key),
      batch: this.batch,
      now,
      format: this.format,
    });
    this.reject(result.errors);
    const changedMonths = new Map<string, MonthKey[]>();
    for (const r of result.writes) {
      this.cache.get(r.series)!.set(reportKey(r), r);
      const list = changedMonths.get(r.series) ?? [];
      list.push(r.month);
      changedMonths.set(r.series, list);
    }
    this.collectConflicts(observations);
    const write = (async () => {
      // Revisions first: a crash between the two writes leaves the old value showing and its
      // revision already recorded, and re-sending the batch completes it.
      if (result.revisions.length) await store.writeRevisions(result.revisions);
      if (result.writes.length) await store.writeReports(result.writes, (id) => catalog.get(id)!);
      this.inserted += result.inserted;
      this.restated += result.restated;
      this.unchanged += result.unchanged;
      if (changedMonths.size > 0) this.deps.onStored?.({ batch: this.batch, months: changedMonths });
    })();
    write.catch((error: unknown) => {
      this.failure ??= error;
    });
    this.inFlight.push(write);
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
  }

  /** Waits for every write; throws the first failure (the summary then says what was stored). */
  async finish(): Promise<IngestSummary> {
    await Promise.allSettled(this.inFlight.splice(0));
    if (this.failure) throw this.failure;
    return this.summary();
  }

  summary(): IngestSummary {
    return {
      batch: this.batch,
      rows: this.rows,
      accepted: this.inserted + this.restated + this.unchanged,
      inserted: this.inserted,
      restated: this.restated,
      unchanged: this.unchanged,
      rejected: this.rejected,
      errors: this.errors,
      conflicts: [...this.conflicts.values()].slice(0, MAX_LISTED),
      createdSeries: this.created,
    };
  }

  private reject(errors: readonly RowError[]): void {
    this.rejected += errors.length;
    for (const e of errors) if (this.errors.length < MAX_LISTED) this.errors.push(e);
  }

  /** Brings every touched series' reports into the cache: a series new in this session has none stored. */
  private async loadReports(series: readonly string[]): Promise<void> {
    const missing = series.filter((id) => !this.cache.has(id));
    for (const id of series) {
      // Refresh recency so the series in use are the last to be evicted.
      const reports = this.cache.get(id);
      if (reports) {
        this.cache.delete(id);
        this.cache.set(id, reports);
      }
    }
    const toRead = missing.filter((id) => !this.createdHere.has(id));
    for (const id of missing) this.cache.set(id, new Map());
    if (toRead.length) {
      for (const r of await this.deps.store.readReports({ series: toRead })) this.cache.get(r.series)!.set(reportKey(r), r);
    }
    while (this.cache.size > CACHED_SERIES) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
      // Evicted: from now on its reports (including this batch's) are read back from the store.
      this.createdHere.delete(oldest);
    }
  }

  private collectConflicts(observations: readonly Observation[]): void {
    const monthsBySeries = new Map<string, Set<MonthKey>>();
    for (const o of observations) {
      const set = monthsBySeries.get(o.series) ?? new Set<MonthKey>();
      set.add(o.month);
      monthsBySeries.set(o.series, set);
    }
    for (const [series, months] of monthsBySeries) {
      const meta = this.deps.catalog.get(series);
      const reports = this.cache.get(series);
      if (!meta || !reports) continue;
      const { conflicts } = resolveSeries(series, meta.unit, [...reports.values()]);
      for (const c of conflicts) {
        if (!months.has(c.month)) continue;
        this.conflicts.set(`${c.series}\u0000${c.month}\u0000${c.code}`, c);
      }
    }
  }
}
