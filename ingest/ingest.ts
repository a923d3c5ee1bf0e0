/**
 * One ingest batch: rows go in chunk by chunk (a large upload is never held whole), each chunk is
 * validated, reconciled with what is stored and written before the next is read, and the summary
 * says exactly which rows were stored. Parsing is the caller's: every format arrives here as RawRows.
 *
 * With a spool, a chunk that cannot reach the store (a retriable failure) is queued there instead,
 * validated but not reconciled: reconciling needs the stored figures, so the replay does it. From
 * then on, and whenever the spool already holds rows, the session queues every chunk, so that rows
 * are stored in the order they arrived.
 */
import { addMonths, earliestMonth, yearOf } from '../common/month.js';
import { rowRef } from './fields.js';
import { figureKey, sourceKeyOf, type Figure } from './figure.js';
import { SeriesFigures } from './series-figures.js';
import { reconcile } from './reconcile.js';
import { resolveSeries } from './resolve.js';
import type { ConflictReview, ListedConflict } from './review.js';
import type { StoredEnds } from './stored-ends.js';
import type { SeriesCatalog } from './series-catalog.js';
import type { SeriesStore } from './store-port.js';
import { isRetriable, observationToRow, type IngestSpool } from './spool-port.js';
import type { InputFormat, MonthKey, Observation, RawRow, RowError } from './types.js';
import { validateBatch } from './validate.js';

export interface IngestDeps {
  readonly store: SeriesStore;
  readonly catalog: SeriesCatalog;
  /** ms since the epoch; injected so that tests drive time. */
  readonly now: () => number;
  /** Told after each stored chunk which series and months changed. */
  readonly onStored?: (change: StoredChange) => void;
  /**
   * Told, as a chunk's write begins, which series and months it changes: what judging them will
   * read may be read meanwhile. The write may yet fail; `onStored` says when it did not.
   */
  readonly onStoring?: (months: ReadonlyMap<string, readonly MonthKey[]>, batch: string) => void;
  /** Where validated rows wait while the store is unreachable; without one, such a failure fails the batch. */
  readonly spool?: IngestSpool;
  /** False for a bulk load of history (fixtures, backfills): its figures do not teach when sources publish. */
  readonly live?: boolean;
  /** Where series' stored figures end, when this process is their one writer: later months need no read. */
  readonly ends?: StoredEnds;
  /** The admins' reviews in force for a series, so that a conflict the batch meets says whether one settles it. */
  readonly reviewsOf?: (series: string) => ReadonlyMap<MonthKey, ConflictReview>;
}

export interface StoredChange {
  readonly batch: string;
  /** Months whose figures were inserted or restated, by series. */
  readonly months: ReadonlyMap<string, readonly MonthKey[]>;
  /**
   * Each changed series' figures as this session knows them once the chunk is stored: every one from
   * January of the year before its earliest changed month on ({@link windowStart}). What judging the
   * changed months needs, handed over so that it need not be read back from the store. Absent
   * where the change did not come from an ingest (a conflict review).
   */
  readonly figures?: ReadonlyMap<string, readonly Figure[]>;
  /**
   * Changed series that cannot hold a conflict: created in this session, with one source's monthly
   * figures and no stated YoY growth. Judging them needs no resolution of their figures.
   */
  readonly quiet?: ReadonlySet<string>;
  /**
   * Changed series whose figures were not read back: their changed months lie after the last one
   * stored (see stored-ends.ts). Their figures hold this session's alone, none before the earliest
   * changed month; nothing stored can disagree with them, but what is stored before is not in hand.
   */
  readonly unread?: ReadonlySet<string>;
}

/** The first month whose figures judging a change at `month` needs: its year-to-date derivation needs its year, its stated YoY the year before. */
export function windowStart(month: MonthKey): MonthKey {
  return `${yearOf(month) - 1}-01`;
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
  /** Rows validated and queued in the spool because the store was unreachable; the replay stores them. */
  readonly queued: number;
  /**
   * Where the queued rows are: every row from `first` to `last` (row numbers as in errors) that is
   * not listed as rejected was queued, `count` in all; any other accepted row was stored.
   */
  readonly queuedRows: readonly QueuedRange[];
  /** The first errors (all of them up to `MAX_LISTED`), each naming its row, field and reason. */
  readonly errors: readonly RowError[];
  /** The conflicts in the months the batch touched, each with the review that settles it, if one does. */
  readonly conflicts: readonly ListedConflict[];
  readonly createdSeries: readonly string[];
}

export interface QueuedRange {
  readonly first: number;
  readonly last: number;
  readonly count: number;
}

/** How many row errors and conflicts a summary lists; the counts are always complete. */
export const MAX_LISTED = 1000;

/**
 * Figure keys of queued rows a session remembers to refuse a second, different value in the same
 * batch (about 150 bytes each). A queued upload larger than this is checked for it at replay,
 * where such a row is refused and logged, so that memory stays flat whatever the upload's size.
 */
const QUEUED_KEYS = 100_000;

/**
 * Series whose figures a session keeps in memory; past this the oldest are read again when needed.
 * What a cache saves is the read of a series that comes back in the next chunk: an upload sorted by
 * series touches a few dozen a chunk (5,000 rows of 120-month histories: 42; of 24-month ones: 208)
 * and only the last chunk's can come back, while an upload sorted by month brings every series back
 * and no cache short of the catalogue would hold them. Every figure passes through it, and what it
 * holds lives long enough to reach the old generation: 500 series kept 60,000 figures there,
 * and bench:ingest peaked 50-60 MB higher than with 200.
 */
const CACHED_SERIES = 200;

/**
 * Chunk writes in flight at once, while the next chunk is read and validated: two writes keep
 * InfluxDB's two cores busy. More only adds memory.
 */
const MAX_IN_FLIGHT = 2;

export class IngestSession {
  private rows = 0;
  private inserted = 0;
  private restated = 0;
  private unchanged = 0;
  private rejected = 0;
  private queued = 0;
  private readonly queuedRows: QueuedRange[] = [];
  /** Queued values by figure key, to refuse a different value for the same figure later in the batch. */
  private readonly queuedValues = new Map<string, number>();
  /** Set on the first retriable store failure, or when the spool already held rows. */
  private spooling = false;
  private readonly errors: RowError[] = [];
  private readonly conflicts = new Map<string, ListedConflict>();
  private readonly created: string[] = [];
  /**
   * Figures by series, for series this session has touched: every figure of the series from the
   * month in `cachedFrom` on (all of them for a series created in this session).
   */
  private readonly cache = new Map<string, SeriesFigures>();
  private readonly cachedFrom = new Map<string, MonthKey>();
  private readonly createdHere = new Set<string>();
  /**
   * Series in the cache whose stored figures were not read: nothing is stored from their
   * `cachedFrom` on, and months before it have not been looked at.
   */
  private readonly unread = new Set<string>();
  /**
   * Series that can hold a conflict: ones with stored history, year-to-date or stated-YoY figures,
   * or more than one source. Resolving the others would only find nothing, chunk after chunk.
   */
  private readonly mayConflict = new Set<string>();
  private readonly soleSource = new Map<string, string>();
  private readonly inFlight: Promise<void>[] = [];
  private failure: unknown = null;

  constructor(
    private readonly deps: IngestDeps,
    readonly batch: string,
    private readonly format: InputFormat = 'csv',
  ) {}

  /**
   * Validates and reconciles one chunk and starts writing it once fewer than MAX_IN_FLIGHT writes
   * are under way; resolves then, so that the caller prepares the next chunk meanwhile. Rows
   * count as stored only once their write has finished: call `finish()`.
   */
  async addRows(raw: readonly RawRow[], extraErrors: readonly RowError[] = []): Promise<void> {
    if (this.failure) throw this.failure;
    this.rows += raw.length + extraErrors.length;
    this.reject(extraErrors);
    const { catalog, store, spool } = this.deps;
    if (!this.spooling) {
      try {
        await catalog.fetchUnknown(seriesIdsOf(raw));
      } catch (error) {
        // The catalog in memory knows every series this process created or loaded; validate against it.
        this.startSpooling(error);
      }
    }
    // A series that only queued rows define yet validates by the unit they gave it.
    const lookup = (id: string) => {
      const known = catalog.get(id);
      if (known || !spool) return known;
      const unit = spool.pendingUnit(id);
      return unit === undefined ? undefined : { unit };
    };
    const { observations, errors } = validateBatch(raw, lookup, { format: this.format });
    this.reject(errors);
    if (observations.length === 0) return;
    const now = this.deps.now();
    if (!this.spooling && spool?.busy()) this.spooling = true;
    if (this.spooling) return this.queue(observations, now);
    try {
      const shapes = shapesOf(observations);
      for (const id of await catalog.createMissing(observations, now)) {
        this.created.push(id);
        this.createdHere.add(id);
        this.deps.ends?.created(id, shapes.get(id)!.earliest);
      }
      await this.loadFigures(shapes);
    } catch (error) {
      this.startSpooling(error);
      return this.queue(observations, now);
    }
    // Rows of one series come together: its cached figures are looked up once for the run of them.
    let cachedId: string | null = null;
    let cached: SeriesFigures | undefined;
    const cachedOf = (series: string) => {
      if (series !== cachedId) {
        cachedId = series;
        cached = this.cache.get(series);
      }
      return cached;
    };
    const result = reconcile(observations, {
      stored: (series, month, kind, sourceKey) => cachedOf(series)?.get(month, kind, sourceKey),
      record: (figure) => cachedOf(figure.series)!.put(figure),
      batch: this.batch,
      now,
      format: this.format,
      live: this.deps.live ?? true,
    });
    this.reject(result.errors);
    const changedMonths = new Map<string, MonthKey[]>();
    let months: MonthKey[] = [];
    let monthsOf: string | null = null;
    for (const r of result.writes) {
      if (r.series !== monthsOf) {
        monthsOf = r.series;
        months = changedMonths.get(r.series) ?? [];
        changedMonths.set(r.series, months);
      }
      this.noteConflictRisk(r);
      months.push(r.month);
    }
    this.collectConflicts(observations);
    const figures = this.figuresOf(changedMonths);
    const quiet = new Set([...changedMonths.keys()].filter((id) => !this.mayConflict.has(id)));
    const unread = new Set([...changedMonths.keys()].filter((id) => this.unread.has(id)));
    // This chunk was prepared while earlier ones were written; it waits for a free write slot, so
    // that InfluxDB always has MAX_IN_FLIGHT writes to work on and never waits on the parsing.
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
    if (this.failure) throw this.failure;
    // An earlier write failed while this chunk was prepared: it queues behind that one.
    if (this.spooling) return this.queueAccepted(observations, result.errors, now);
    if (changedMonths.size > 0) this.deps.onStoring?.(changedMonths, this.batch);
    const write = (async () => {
      try {
        // Revisions first: a crash between the two writes leaves the old value showing and its
        // revision already recorded, and re-sending the batch completes it.
        if (result.revisions.length) await store.writeRevisions(result.revisions);
        if (result.writes.length) await store.writeFigures(result.writes, (id) => catalog.get(id)!);
      } catch (error) {
        for (const id of changedMonths.keys()) this.deps.ends?.forget(id);
        this.startSpooling(error);
        // Part of the chunk may be stored already: the replay finds it stored and leaves it unchanged.
        await this.queueAccepted(observations, result.errors, now);
        return;
      }
      for (const [id, months] of changedMonths) this.deps.ends?.wrote(id, latestMonth(months));
      this.inserted += result.inserted;
      this.restated += result.restated;
      this.unchanged += result.unchanged;
      if (changedMonths.size > 0)
        this.deps.onStored?.({ batch: this.batch, months: changedMonths, figures, quiet, unread });
    })();
    write.catch((error: unknown) => {
      this.failure ??= error;
    });
    this.inFlight.push(write);
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
      queued: this.queued,
      queuedRows: [...this.queuedRows].sort((x, y) => x.first - y.first),
      errors: this.errors,
      conflicts: [...this.conflicts.values()].slice(0, MAX_LISTED),
      createdSeries: this.created,
    };
  }

  /** Switches to queueing on a retriable failure when there is a spool; rethrows anything else. */
  private startSpooling(error: unknown): void {
    if (!this.deps.spool || !isRetriable(error)) throw error;
    this.spooling = true;
  }

  /**
   * Puts validated rows in the spool, once they are on disk counted as queued. A row that gives
   * another value for a figure this batch already queued or stored is refused here, as reconcile
   * would refuse it, so that the replay never refuses a row that was acknowledged.
   */
  private async queue(observations: readonly Observation[], now: number): Promise<void> {
    const kept: Observation[] = [];
    const refused: RowError[] = [];
    for (const o of observations) {
      const sourceKey = sourceKeyOf(o.source);
      const key = figureKey({ series: o.series, month: o.month, kind: o.kind, sourceKey });
      const storedHere = this.cache.get(o.series)?.get(o.month, o.kind, sourceKey);
      const earlier = this.queuedValues.get(key) ?? (storedHere?.batch === this.batch ? storedHere.value : undefined);
      if (earlier !== undefined && earlier !== o.value) {
        const where = `${rowRef(this.format, o.row)}, field "value"`;
        refused.push({
          row: o.row,
          field: 'value',
          code: 'DUPLICATE_IN_BATCH',
          message: `${where}: ${o.series} ${o.month} (${o.kind}) from the same source is ${earlier} earlier in this batch and ${o.value} here`,
        });
        continue;
      }
      if (this.queuedValues.size < QUEUED_KEYS) this.queuedValues.set(key, o.value);
      kept.push(o);
    }
    this.reject(refused);
    if (kept.length === 0) return;
    await this.deps.spool!.append({
      batch: this.batch,
      format: this.format,
      acceptedAt: now,
      rows: kept.map(observationToRow),
    });
    this.queued += kept.length;
    // Rows are in input order within a chunk, and chunks do not interleave.
    this.queuedRows.push({ first: kept[0]!.row, last: kept[kept.length - 1]!.row, count: kept.length });
  }

  /** Queues the observations that reconciling did not refuse (it has counted those). */
  private queueAccepted(observations: readonly Observation[], refusals: readonly RowError[], now: number) {
    const refused = new Set(refusals.map((e) => e.row));
    return this.queue(
      observations.filter((o) => !refused.has(o.row)),
      now,
    );
  }

  private reject(errors: readonly RowError[]): void {
    this.rejected += errors.length;
    for (const e of errors) if (this.errors.length < MAX_LISTED) this.errors.push(e);
  }

  /**
   * Brings into the cache every stored figure each touched series has from the month it needs on
   * (a series new in this session has none stored). Months before it are never read: a figure is
   * reconciled against its own key, and a conflict at a month needs its year and the year before.
   */
  private async loadFigures(shapes: ReadonlyMap<string, ChunkShape>): Promise<void> {
    const reads = new Map<string, { from: MonthKey; to: MonthKey | undefined; series: string[] }>();
    for (const [id, { earliest, plain }] of shapes) {
      const from = windowStart(earliest);
      // Refresh recency so the series in use are the last to be evicted.
      const figures = this.cache.get(id);
      if (figures) {
        this.cache.delete(id);
        this.cache.set(id, figures);
      }
      if (this.createdHere.has(id)) continue;
      if (plain && this.nothingStoredFrom(id, earliest)) continue;
      const cachedFrom = this.cachedFrom.get(id);
      if (cachedFrom !== undefined && cachedFrom <= from) continue;
      this.unread.delete(id);
      // Only the months the cache lacks: the ones it holds may have this batch's figures in them.
      const to = cachedFrom === undefined ? undefined : addMonths(cachedFrom, -1);
      const key = `${from}|${to ?? ''}`;
      const read = reads.get(key) ?? { from, to, series: [] };
      read.series.push(id);
      reads.set(key, read);
    }
    // Read before caching: a failed read must not leave series looking as if nothing were stored.
    const stored: Figure[][] = [];
    for (const { from, to, series } of reads.values())
      stored.push(await this.deps.store.readFigures({ series, from, ...(to === undefined ? {} : { to }) }));
    for (const id of shapes.keys()) if (!this.cache.has(id)) this.cache.set(id, new SeriesFigures());
    const latest = new Map<string, MonthKey>();
    for (const figures of stored)
      for (const r of figures) {
        this.cache.get(r.series)!.put(r);
        if (r.month > (latest.get(r.series) ?? '')) latest.set(r.series, r.month);
      }
    for (const { from, to, series } of reads.values())
      for (const id of series) {
        this.cachedFrom.set(id, from);
        // Read to the present: where its figures end is known now.
        if (to === undefined) this.deps.ends?.read(id, from, latest.get(id) ?? null);
        // Stored history may hold anything: resolve those series as before.
        this.mayConflict.add(id);
      }
    // The series of this chunk were moved to the end above: eviction stops at the first of them, so
    // a chunk that touches more series than the cache holds keeps them all until it is reconciled.
    while (this.cache.size > CACHED_SERIES) {
      const oldest = this.cache.keys().next().value as string;
      if (shapes.has(oldest)) break;
      this.cache.delete(oldest);
      this.cachedFrom.delete(oldest);
      this.unread.delete(oldest);
      // Evicted: from now on its figures (including this batch's) are read back from the store.
      this.createdHere.delete(oldest);
    }
  }

  /**
   * Whether nothing is stored for the series from `month` on, so that monthly figures without a
   * stated growth from then on have nothing to be reconciled or to disagree with (a year-to-date
   * total or a stated growth would be judged against earlier months, which are then read). Marks
   * the series unread in the cache when this session had not read it.
   */
  private nothingStoredFrom(id: string, month: MonthKey): boolean {
    if (this.cachedFrom.has(id)) {
      const from = this.cachedFrom.get(id)!;
      return this.unread.has(id) && month >= from;
    }
    const end = this.deps.ends?.of(id);
    if (end === undefined || month < end) return false;
    this.cachedFrom.set(id, end);
    this.unread.add(id);
    return true;
  }

  private noteConflictRisk(r: Figure): void {
    if (this.mayConflict.has(r.series)) return;
    const sole = this.soleSource.get(r.series);
    if (r.kind === 'ytd' || r.yoyPctStated !== null || (sole !== undefined && sole !== r.sourceKey)) {
      this.mayConflict.add(r.series);
      this.soleSource.delete(r.series);
    } else if (sole === undefined) {
      this.soleSource.set(r.series, r.sourceKey);
    }
  }

  /** Each changed series' cached figures from its window's start on, as they are after this chunk. */
  private figuresOf(changed: ReadonlyMap<string, readonly MonthKey[]>): Map<string, Figure[]> {
    const out = new Map<string, Figure[]>();
    for (const [series, months] of changed) {
      const from = windowStart(earliestMonth(months));
      const list: Figure[] = [];
      for (const f of this.cache.get(series)!.values()) if (f.month >= from) list.push(f);
      out.set(series, list);
    }
    return out;
  }

  private collectConflicts(observations: readonly Observation[]): void {
    const monthsBySeries = new Map<string, Set<MonthKey>>();
    for (const o of observations) {
      if (!this.mayConflict.has(o.series)) continue;
      const set = monthsBySeries.get(o.series) ?? new Set<MonthKey>();
      set.add(o.month);
      monthsBySeries.set(o.series, set);
    }
    for (const [series, months] of monthsBySeries) {
      const meta = this.deps.catalog.get(series);
      const figures = this.cache.get(series);
      if (!meta || !figures) continue;
      const { conflicts, reviewed } = resolveSeries(
        series,
        meta.unit,
        [...figures.values()],
        this.deps.reviewsOf?.(series),
      );
      for (const c of conflicts) {
        if (!months.has(c.month)) continue;
        this.conflicts.set(`${c.series}\u0000${c.month}\u0000${c.code}`, {
          ...c,
          reviewed: reviewed.get(c.month) ?? null,
        });
      }
    }
  }
}

/** What a chunk gives of one series: its earliest month, and whether every row is a plain monthly figure. */
interface ChunkShape {
  readonly earliest: MonthKey;
  /** Monthly figures without a stated YoY growth: judged without any earlier month. */
  readonly plain: boolean;
}

/**
 * Per series, its earliest month in the chunk: the stored figures reconciling them needs start in
 * January of the year before ({@link windowStart}), since a month's year-to-date derivation needs
 * its year and its stated YoY growth the same month a year earlier.
 */
function shapesOf(observations: readonly Observation[]): Map<string, ChunkShape> {
  const shapes = new Map<string, { earliest: MonthKey; plain: boolean }>();
  for (const o of observations) {
    const plain = o.kind === 'monthly' && o.yoyPctStated === undefined;
    const known = shapes.get(o.series);
    if (known === undefined) shapes.set(o.series, { earliest: o.month, plain });
    else {
      if (o.month < known.earliest) known.earliest = o.month;
      known.plain &&= plain;
    }
  }
  return shapes;
}

function latestMonth(months: readonly MonthKey[]): MonthKey {
  return months.reduce((a, b) => (b > a ? b : a));
}

/** The series ids rows name that could be valid, a run of rows of one series giving its id once. */
function seriesIdsOf(raw: readonly RawRow[]): string[] {
  const ids: string[] = [];
  let last = '';
  for (const r of raw) {
    const id = String(r.fields['series'] ?? '').trim();
    if (id !== last && id !== '' && id.length <= 100) ids.push((last = id));
  }
  return ids;
}
