/**
 * A figure is one source's reported value for one series, month and kind. Several figures of the same
 * month are kept side by side (sources disagree); the value that queries show is resolved from
 * them by `resolve.ts`. A figure is replaced only by a later figure from the same source.
 */
import { createHash } from 'node:crypto';
import type { FigureKind, MonthKey } from './types.js';

export interface Figure {
  readonly series: string;
  readonly month: MonthKey;
  readonly kind: FigureKind;
  /** A short stable key of `source`, so that each source's figure of a month is a point of its own. */
  readonly sourceKey: string;
  readonly value: number;
  readonly source: string;
  readonly quote: string;
  readonly yoyPctStated: number | null;
  /** When this value was first stored (ms since the epoch): a restatement stamps its new value. */
  readonly ingestedAt: number;
  /**
   * When this figure (series, month, kind, source) first arrived, whatever value it has now: a
   * restatement keeps it. When a series' figures are published is learned from it.
   */
  readonly firstIngestedAt: number;
  /**
   * Whether that first arrival was live (an ingest as figures are published), not a bulk load of
   * history or the fixtures: only live arrivals say when a source publishes.
   */
  readonly live: boolean;
  /** The ingest batch that stored this value. */
  readonly batch: string;
}

/** The earlier value of a figure that a restatement replaced. */
export interface Revision {
  readonly series: string;
  readonly month: MonthKey;
  readonly kind: FigureKind;
  readonly sourceKey: string;
  readonly source: string;
  readonly previousValue: number;
  readonly value: number;
  /** When the restatement was stored (ms since the epoch). */
  readonly changedAt: number;
  readonly previousBatch: string;
  readonly batch: string;
}

/** Identifies a figure: one per series, month, kind and source. */
export function figureKey(r: { series: string; month: MonthKey; kind: FigureKind; sourceKey: string }): string {
  return `${r.series}\u0000${r.month}\u0000${r.kind}\u0000${r.sourceKey}`;
}

/** A batch repeats a handful of sources over and over; hashing each once is enough. */
const sourceKeys = new Map<string, string>();
const SOURCE_KEY_CACHE = 10_000;

/** `none` for a figure without a source; otherwise the first 16 hex digits of its SHA-256. */
export function sourceKeyOf(source: string): string {
  const trimmed = source.trim();
  if (trimmed === '') return 'none';
  let key = sourceKeys.get(trimmed);
  if (key === undefined) {
    key = createHash('sha256').update(trimmed).digest('hex').slice(0, 16);
    if (sourceKeys.size >= SOURCE_KEY_CACHE) sourceKeys.clear();
    sourceKeys.set(trimmed, key);
  }
  return key;
}
