/** A stored monthly figure for tests: one source's value of a series' month, every other field plain. */
import type { Figure } from '../../ingest/figure.js';

export function monthlyFigure(
  series: string,
  month: string,
  value: number,
  opts: { source?: string; batch?: string } = {},
): Figure {
  const source = opts.source ?? 'src';
  return {
    series,
    month,
    kind: 'monthly',
    sourceKey: source,
    value,
    source,
    quote: '',
    yoyPctStated: null,
    ingestedAt: 1,
    firstIngestedAt: 1,
    live: true,
    batch: opts.batch ?? 'b',
  };
}
