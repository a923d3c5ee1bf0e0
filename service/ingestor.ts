/**
 * Runs ingest batches against the store: one IngestSession per request or file, rows fed in
 * chunks so that a large upload is stored as it streams and never held whole.
 */
import { randomUUID } from 'node:crypto';
import { CsvRowReader } from '../ingest/parse-csv.js';
import { IngestSession, type IngestDeps, type IngestSummary, type StoredChange } from '../ingest/ingest.js';
import type { SeriesCatalog } from '../ingest/series-catalog.js';
import type { StoredEnds } from '../ingest/stored-ends.js';
import type { SeriesStore } from '../ingest/store-port.js';
import type { IngestSpool, SpoolEntry } from '../ingest/spool-port.js';
import type { InputFormat, ParseResult, RawRow } from '../ingest/types.js';
import type { Clock } from './clock.js';

/** Rows validated and written together: one InfluxDB write request of about this many points. */
export const CHUNK_ROWS = 5000;

export interface IngestorDeps {
  readonly store: SeriesStore;
  readonly catalog: SeriesCatalog;
  readonly clock: Clock;
  readonly onStored?: (change: StoredChange) => void;
  readonly onStoring?: (months: ReadonlyMap<string, readonly string[]>, batch: string) => void;
  /** Where rows wait while InfluxDB is unreachable; without one such a batch fails with 503. */
  readonly spool?: IngestSpool;
  /** Where series' stored figures end, when this process is their one writer (no shared Redis). */
  readonly ends?: StoredEnds;
  /** Told of every finished request batch (metrics). */
  readonly onFinished?: (format: InputFormat, summary: IngestSummary, seconds: number) => void;
  /** The admins' reviews in force for a series: a conflict an upload meets says whether one settles it. */
  readonly reviewsOf?: IngestDeps['reviewsOf'];
}

export class Ingestor {
  private streaming = 0;

  constructor(private readonly deps: IngestorDeps) {}

  /** True while a streamed upload is being stored: a re-fit then waits for the whole batch. */
  busy(): boolean {
    return this.streaming > 0;
  }

  /**
   * A new batch; `format` decides how messages name a row (line N, or rows[N] for JSON). A `bulk`
   * batch loads history (fixtures, a backfill): its figures are not live arrivals.
   */
  session(format: InputFormat, arrival: 'live' | 'bulk' = 'live'): IngestSession {
    const { store, catalog, clock, onStored, onStoring, spool, ends, reviewsOf } = this.deps;
    return new IngestSession(
      {
        store,
        catalog,
        now: () => clock.now(),
        live: arrival === 'live',
        ...(onStored ? { onStored } : {}),
        ...(onStoring ? { onStoring } : {}),
        ...(spool ? { spool } : {}),
        ...(ends ? { ends } : {}),
        ...(reviewsOf ? { reviewsOf } : {}),
      },
      randomUUID(),
      format,
    );
  }

  /**
   * Stores rows that waited in the spool, as the batch that sent them and as of when they were
   * accepted: a repeated replay finds them stored and changes nothing. Never spools again; a store
   * failure is thrown for the replayer to judge.
   */
  async replay(entry: SpoolEntry): Promise<IngestSummary> {
    const { store, catalog, onStored, ends } = this.deps;
    const session = new IngestSession(
      { store, catalog, now: () => entry.acceptedAt, ...(onStored ? { onStored } : {}), ...(ends ? { ends } : {}) },
      entry.batch,
      entry.format,
    );
    await session.addRows(entry.rows);
    return session.finish();
  }

  /** Stores rows that were parsed whole (JSON, line protocol). */
  async ingestParsed(
    parsed: ParseResult,
    format: InputFormat,
    arrival: 'live' | 'bulk' = 'live',
  ): Promise<IngestSummary> {
    const started = performance.now();
    const session = this.session(format, arrival);
    if (parsed.rows.length === 0) await session.addRows([], parsed.errors);
    for (let i = 0; i < parsed.rows.length; i += CHUNK_ROWS) {
      await session.addRows(parsed.rows.slice(i, i + CHUNK_ROWS), i === 0 ? parsed.errors : []);
    }
    const summary = await session.finish();
    this.deps.onFinished?.(format, summary, (performance.now() - started) / 1000);
    return summary;
  }

  /**
   * Streams CSV text: each chunk of rows is stored before more input is read, so the caller's
   * backpressure holds memory flat. On failure, `session.summary()` says what was stored.
   */
  async ingestCsvStream(session: IngestSession, chunks: AsyncIterable<string>): Promise<IngestSummary> {
    const started = performance.now();
    this.streaming++;
    try {
      const summary = await this.storeCsv(session, chunks);
      this.deps.onFinished?.('csv', summary, (performance.now() - started) / 1000);
      return summary;
    } finally {
      this.streaming--;
    }
  }

  private async storeCsv(session: IngestSession, chunks: AsyncIterable<string>): Promise<IngestSummary> {
    const reader = new CsvRowReader();
    let pending: RawRow[] = [];
    const flush = async (all: boolean) => {
      while (pending.length >= CHUNK_ROWS || (all && (pending.length > 0 || reader.errors.length > 0))) {
        const rows = pending.length > CHUNK_ROWS ? pending.splice(0, CHUNK_ROWS) : pending;
        if (rows === pending) pending = [];
        await session.addRows(rows, reader.takeErrors());
        // The session keeps what it validated, never the raw rows: the reader fills them again.
        reader.recycle(rows);
      }
    };
    for await (const text of chunks) {
      const rows = reader.push(text);
      for (const row of rows) pending.push(row);
      await flush(false);
    }
    for (const row of reader.end()) pending.push(row);
    await flush(true);
    return session.finish();
  }
}
