/**
 * What ingest needs from storage. The InfluxDB implementation lives in service/storage; tests may
 * pass another. Owned here, by the code that uses it, so that ingest never imports an adapter.
 */
import type { Figure, Revision } from './figure.js';
import type { MonthKey } from './types.js';

/** A series: a monthly figure about one entity. */
export interface SeriesMeta {
  /** Stable id, the `series` value of the rows, e.g. `seres_nev_sales`. */
  readonly id: string;
  /** What is measured, e.g. `nev_sales`; the same metric across entities can be compared. */
  readonly metric: string;
  /** Who it is about, e.g. `seres`. */
  readonly entity: string;
  /** e.g. `units`, `GWh`, `pct`. */
  readonly unit: string;
  /** A readable name. */
  readonly name: string;
  /** When the series was created (ms since the epoch). */
  readonly createdAt: number;
}

export interface FigureQuery {
  /** Only these series (all when absent). */
  readonly series?: readonly string[];
  /** Only series of this metric. */
  readonly metric?: string;
  /** Inclusive month range. */
  readonly from?: MonthKey;
  readonly to?: MonthKey;
  /**
   * Leave out the text a resolved value does not depend on (source, quote, batch): for readers of
   * values alone, such as the overview, to whom the text would be most of the answer.
   */
  readonly valuesOnly?: boolean;
}

export interface SeriesStore {
  /** Every series, or only those with these ids. */
  listSeries(ids?: readonly string[]): Promise<SeriesMeta[]>;
  putSeries(series: readonly SeriesMeta[]): Promise<void>;
  readFigures(query: FigureQuery): Promise<Figure[]>;
  /** Writes every field of each figure, so a rewrite replaces the point whole. */
  writeFigures(figures: readonly Figure[], metaOf: (series: string) => SeriesMeta): Promise<void>;
  writeRevisions(revisions: readonly Revision[]): Promise<void>;
  readRevisions(series: string): Promise<Revision[]>;
}
