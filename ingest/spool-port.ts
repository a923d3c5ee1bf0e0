/**
 * What ingest needs from a spool: a durable queue where validated rows wait while the store is
 * unreachable. The file-backed implementation lives in service/storage/spool.ts; owned here, by the
 * code that uses it, so that ingest never imports an adapter.
 */
import type { InputFormat, Observation, RawRow } from './types.js';

/** One chunk of validated rows of one batch, waiting to be stored. */
export interface SpoolEntry {
  readonly batch: string;
  readonly format: InputFormat;
  /** When the rows were accepted (ms since the epoch); the replay stores them as of this time. */
  readonly acceptedAt: number;
  /** The validated rows, as raw rows that validate to the same observations again. */
  readonly rows: readonly RawRow[];
}

export interface IngestSpool {
  /** True while rows wait in the spool: later rows queue behind them, so that order is kept. */
  busy(): boolean;
  /** The unit that a waiting row gave a series that does not exist yet, so later rows validate the same. */
  pendingUnit(series: string): string | undefined;
  /** Resolves once the entry is on disk (synced): only then may its rows be acknowledged. */
  append(entry: SpoolEntry): Promise<void>;
}

/**
 * Whether a store failure may pass if tried again later (InfluxDB unreachable, timed out, 5xx).
 * Stores say so with a `retriable` property on their errors; anything else is final.
 */
export function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}

/** An observation as a raw row that validation reads back to the same observation. */
export function observationToRow(o: Observation): RawRow {
  const fields: Record<string, unknown> = {
    series: o.series,
    month: o.month,
    value: o.value,
    kind: o.kind,
    source: o.source,
  };
  if (o.unit !== undefined) fields['unit'] = o.unit;
  if (o.yoyPctStated !== undefined) fields['yoy_pct_stated'] = o.yoyPctStated;
  if (o.quote !== undefined) fields['quote'] = o.quote;
  if (o.metric !== undefined) fields['metric'] = o.metric;
  if (o.entity !== undefined) fields['entity'] = o.entity;
  if (o.name !== undefined) fields['name'] = o.name;
  return { row: o.row, fields };
}
