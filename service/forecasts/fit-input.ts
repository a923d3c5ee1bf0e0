/**
 * What a fit is given for one series (pure): its resolved months as a dense array from the first month
 * with a figure, or inside a span with a known total, to the last, NaN for months without one; and the
 * totals year-to-date figures give over spans that still have months without a figure (a span with one
 * such month was derived already; one with none adds nothing).
 */
import { monthFromIndex, monthIndex } from '../../common/month.js';
import { whatIsMissing } from '../../forecasting/index.js';
import type { ResolvedSeries, SpanTotal } from '../../ingest/resolve.js';
import type { MonthKey } from '../../ingest/types.js';

export interface FitInput {
  readonly start: MonthKey | null;
  readonly values: number[];
  readonly totals: SpanTotal[];
}

/** What a fit input's figures lack before any method can forecast them (the engine's words); null when enough. */
export function forecastNeeds(values: readonly number[]): string | null {
  let figures = 0;
  for (const v of values) if (!Number.isNaN(v)) figures++;
  return whatIsMissing(figures);
}

export function fitInput(resolved: Pick<ResolvedSeries, 'months' | 'spanTotals'>): FitInput {
  const { months } = resolved;
  if (months.length === 0) return { start: null, values: [], totals: [] };
  const byIndex = new Map(months.map((m) => [monthIndex(m.month), m.value]));
  const nonNegative = months.every((m) => m.value >= 0);
  const totals = resolved.spanTotals.filter((span) => {
    let missing = 0;
    let known = 0;
    for (let i = monthIndex(span.from); i <= monthIndex(span.to); i++) {
      const v = byIndex.get(i);
      if (v === undefined) missing++;
      else known += v;
    }
    // A total below its months' figures contradicts them (the conflicts list says so); it cannot be spread.
    return missing > 0 && !(nonNegative && span.total < known);
  });
  let first = monthIndex(months[0]!.month);
  let last = monthIndex(months[months.length - 1]!.month);
  for (const span of totals) {
    first = Math.min(first, monthIndex(span.from));
    last = Math.max(last, monthIndex(span.to));
  }
  const values = Array.from({ length: last - first + 1 }, (_, k) => byIndex.get(first + k) ?? Number.NaN);
  return { start: monthFromIndex(first), values, totals };
}
