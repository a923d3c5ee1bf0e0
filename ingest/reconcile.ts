/**
 * Decides what a batch of validated figures does to what is stored: a new figure, no change
 * (the same value again), or a restatement that replaces the value and keeps the old one as a
 * revision. Pure: the caller supplies the stored figures and the time.
 */
import { sourceKeyOf, type Figure, type Revision } from './figure.js';
import { rowRef } from './fields.js';
import { SeriesFigures } from './series-figures.js';
import type { FigureKind, InputFormat, MonthKey, Observation, RowError } from './types.js';

export interface ReconcileContext {
  /** The stored figure of a series, month, kind and source, if any. */
  readonly stored: (series: string, month: MonthKey, kind: FigureKind, sourceKey: string) => Figure | undefined;
  /**
   * Told each figure to write as it is decided; `stored` must answer with it from then on. Without
   * it, reconcile keeps them itself, so that a later observation sees an earlier one's outcome.
   */
  readonly record?: (figure: Figure) => void;
  readonly batch: string;
  /** Time of this ingest, ms since the epoch. */
  readonly now: number;
  /** How messages name a row. */
  readonly format?: InputFormat;
  /** Whether the batch is a live arrival (default) or a bulk load of history: kept with each new figure. */
  readonly live?: boolean;
}

export interface ReconcileResult {
  /** Figures to write, each with every field set: InfluxDB merges field sets of a rewritten point. */
  readonly writes: Figure[];
  readonly revisions: Revision[];
  readonly inserted: number;
  readonly unchanged: number;
  readonly restated: number;
  readonly errors: RowError[];
}

export function reconcile(observations: readonly Observation[], ctx: ReconcileContext): ReconcileResult {
  const writes: Figure[] = [];
  const revisions: Revision[] = [];
  const errors: RowError[] = [];
  let inserted = 0;
  let unchanged = 0;
  let restated = 0;
  // Within one call a later observation sees the earlier one's outcome.
  const current = ctx.record ? null : new Map<string, SeriesFigures>();
  const record =
    ctx.record ??
    ((figure: Figure) => {
      let figures = current!.get(figure.series);
      if (figures === undefined) current!.set(figure.series, (figures = new SeriesFigures()));
      figures.put(figure);
    });
  // Rows of one source come together: its key is worked out once for the run of them.
  let source: string | null = null;
  let sourceKey = '';
  let trimmed = '';
  for (const obs of observations) {
    if (obs.source !== source) {
      source = obs.source;
      sourceKey = sourceKeyOf(source);
      trimmed = source.trim();
    }
    const before =
      current?.get(obs.series)?.get(obs.month, obs.kind, sourceKey) ??
      ctx.stored(obs.series, obs.month, obs.kind, sourceKey);
    const next = toFigure(obs, trimmed, sourceKey, ctx);
    if (!before) {
      inserted++;
    } else if (before.value === obs.value) {
      if (sameDetails(before, next)) {
        unchanged++;
        continue;
      }
      // Same figure with a corrected quote or stated YoY: rewrite the details, keep the original stamp.
      unchanged++;
      const updated = { ...next, ...firstArrivalOf(before), ingestedAt: before.ingestedAt, batch: before.batch };
      record(updated);
      writes.push(updated);
      continue;
    } else if (before.batch === ctx.batch) {
      errors.push({
        row: obs.row,
        field: 'value',
        code: 'DUPLICATE_IN_BATCH',
        message: `${rowRef(ctx.format ?? 'csv', obs.row)}, field "value": ${obs.series} ${obs.month} (${obs.kind}) from the same source is ${before.value} earlier in this batch and ${obs.value} here`,
      });
      continue;
    } else {
      restated++;
      revisions.push({
        series: obs.series,
        month: obs.month,
        kind: obs.kind,
        sourceKey,
        source: obs.source,
        previousValue: before.value,
        value: obs.value,
        changedAt: ctx.now,
        previousBatch: before.batch,
        batch: ctx.batch,
      });
    }
    // A restatement is a new value of a figure that arrived before: its first arrival stays.
    const written = before ? { ...next, ...firstArrivalOf(before) } : next;
    record(written);
    writes.push(written);
  }
  return { writes, revisions, inserted, unchanged, restated, errors };
}

function toFigure(obs: Observation, source: string, sourceKey: string, ctx: ReconcileContext): Figure {
  return {
    series: obs.series,
    month: obs.month,
    kind: obs.kind,
    sourceKey,
    value: obs.value,
    source,
    quote: obs.quote ?? '',
    yoyPctStated: obs.yoyPctStated ?? null,
    ingestedAt: ctx.now,
    firstIngestedAt: ctx.now,
    live: ctx.live ?? true,
    batch: ctx.batch,
  };
}

function firstArrivalOf(figure: Figure): Pick<Figure, 'firstIngestedAt' | 'live'> {
  return { firstIngestedAt: figure.firstIngestedAt, live: figure.live };
}

function sameDetails(a: Figure, b: Figure): boolean {
  return a.quote === b.quote && a.yoyPctStated === b.yoyPctStated && a.source === b.source;
}
