/**
 * From the request's values (NaN = no figure that month) and known totals to a gap-free series the models
 * can fit.
 *
 * - A known total (a quarter, a half-year, the months between two year-to-date figures) with exactly one
 *   missing month gives that month exactly: the total less the others, an actual figure from then on.
 * - Leading and trailing gaps are dropped, except months inside a known total: the series runs from the
 *   first to the last month that has a figure or lies in a total with missing months. Inside the span,
 *   when the most recent gap-free stretch holds at least three years, only that stretch is used (older
 *   history is less relevant than invented values).
 * - Interior gaps are filled between the neighbouring figures after removing the seasonal shape and
 *   restoring it afterwards: geometric when both neighbours are positive (growth compounds), linear
 *   otherwise, flat beyond the first or last figure. The shape is the series' own when its actual figures
 *   can estimate one, else a related series' shape when the caller gives one, else none (a straight line).
 * - The missing months of a span with a known total are then scaled together so that they add up to it.
 *
 * The answer says how many months were filled, how many of them to match a total, and how noisy the
 * seasonally adjusted figures are from month to month, which is what a filled month may be off by.
 */
import { ForecastInputError } from './errors.js';
import { LENT_SEASON_LEVEL, shapeAmongFigures, shapeOfSeries, type SeasonalShape } from './seasonal-shape.js';

/** The sum of `values[from..to]` (both included) when known, e.g. from a quarterly or year-to-date figure. */
export interface KnownSum {
  readonly from: number;
  readonly to: number;
  readonly total: number;
  /** Field name for errors, e.g. `totals[2]`. */
  readonly field: string;
}

export interface PrepareOptions {
  /** Known sums over spans of `values`, inside it and not overlapping (the engine checks this). */
  readonly totals?: readonly KnownSum[];
  /** Calendar month of `values[0]`, 0 = January; default 0. */
  readonly phase?: number;
  /** A related series' seasonal shape and name, used when the series' own figures cannot estimate one. */
  readonly related?: { readonly shape: SeasonalShape; readonly name: string };
  /** The level at which a gappy series' figures show a season of their own (seasonal-shape.ts). */
  readonly seasonLevel?: number;
}

/** A span of the prepared series whose filled months add up to `remainder` (its total less its figures). */
export interface FilledSpan {
  readonly from: number;
  readonly to: number;
  readonly remainder: number;
}

export interface PreparedSeries {
  /** Gap-free values the models fit. */
  readonly y: Float64Array;
  /** Whether y[i] is an actual figure (or derived exactly from a total); false: filled. */
  readonly observed: Uint8Array;
  /** Position of y[0] in the request's values. */
  readonly offset: number;
  /** Number of actual figures in y. */
  readonly nObserved: number;
  /** Months filled (by interpolation, or to match a known total). */
  readonly filled: number;
  /** Of `filled`, the months filled so that their span adds up to a known total. */
  readonly fromTotals: number;
  /** Months derived exactly as the one missing month of a span with a known total (counted in nObserved). */
  readonly derived: number;
  /** Months of older history left out because of gaps. */
  readonly dropped: number;
  /** Whether every actual figure in the request is ≥ 0 (then forecasts are kept ≥ 0 too). */
  readonly nonNegative: boolean;
  /** Spans of y with filled months and a known total. */
  readonly spans: readonly FilledSpan[];
  /** Whose seasonal shape the filled months follow. */
  readonly shape: 'own' | 'related' | 'none';
  /** That shape (indices by calendar month, 0 = January); null for none. */
  readonly seasonalShape: SeasonalShape | null;
  /** The related series whose shape it follows (shape `related`); null otherwise. */
  readonly relatedName: string | null;
  /**
   * Its own figures give no shape by the thetaf test and a related series' would be taken (a positive
   * series); without one, the shape its gappy figures show, if they show one (shape `own`).
   */
  readonly wantsShape: boolean;
  /** Calendar month of y[0], 0 = January. */
  readonly phase: number;
  /**
   * Month-to-month noise of the seasonally adjusted figures, per month of distance (in logs for a positive
   * series, in the series' units otherwise); 0 without two figures.
   */
  readonly fillNoise: number;
}

/** A gap-free tail at least this long is used alone rather than filling older gaps. */
const TAIL_ALONE = 36;
const PERIOD = 12;

function checkValues(values: ArrayLike<number>): { v: Float64Array; nonNegative: boolean } {
  const v = new Float64Array(values.length);
  let any = false;
  let nonNegative = true;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    v[i] = x;
    if (Number.isNaN(x)) continue;
    if (!Number.isFinite(x)) throw new ForecastInputError(`values[${i}]`, 'must be a finite number or NaN for a gap');
    any = true;
    if (x < 0) nonNegative = false;
  }
  if (!any) throw new ForecastInputError('values', 'has no numeric value (empty or all NaN)');
  return { v, nonNegative };
}

function missingIn(v: Float64Array, t: KnownSum): { missing: number[]; known: number } {
  const missing: number[] = [];
  let known = 0;
  for (let i = t.from; i <= t.to; i++) {
    if (Number.isNaN(v[i] as number)) missing.push(i);
    else known += v[i] as number;
  }
  return { missing, known };
}

function refuseNegative(t: KnownSum, known: number, nonNegative: boolean, remainder: number): void {
  if (nonNegative && remainder < 0)
    throw new ForecastInputError(
      t.field,
      `total ${t.total} is less than the ${known} its months with figures add up to, in a series without negative figures`,
    );
}

/** Today's exact derivation: a span with one missing month gives it (in place). Returns how many. */
function deriveSingles(v: Float64Array, totals: readonly KnownSum[], nonNegative: boolean): number {
  let derived = 0;
  for (const t of totals) {
    const { missing, known } = missingIn(v, t);
    if (missing.length !== 1) continue;
    refuseNegative(t, known, nonNegative, t.total - known);
    v[missing[0] as number] = t.total - known;
    derived++;
  }
  return derived;
}

/** Fills the NaNs of y between figures with the shape removed and restored; flat beyond the ends. */
function interpolate(y: Float64Array, shapeAt: (t: number) => number): void {
  const n = y.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(y[i] as number)) continue;
    let j = i;
    while (j < n && Number.isNaN(y[j] as number)) j++;
    const a = i > 0 ? (y[i - 1] as number) / shapeAt(i - 1) : NaN;
    const b = j < n ? (y[j] as number) / shapeAt(j) : NaN;
    for (let k = i; k < j; k++) {
      const w = (k - i + 1) / (j - i + 1);
      let base: number;
      if (Number.isNaN(a)) base = b;
      else if (Number.isNaN(b)) base = a;
      else base = a > 0 && b > 0 ? a * (b / a) ** w : a + (b - a) * w;
      y[k] = base * shapeAt(k);
    }
    i = j;
  }
}

/** Scales the filled months of a span (in place) so that they add up to its remainder. */
export function meetTotal(y: Float64Array, observed: Uint8Array, span: FilledSpan): void {
  let sum = 0;
  let count = 0;
  for (let k = span.from; k <= span.to; k++) {
    if (observed[k]) continue;
    sum += y[k] as number;
    count++;
  }
  const scale = sum > 0 && span.remainder >= 0 ? span.remainder / sum : NaN;
  for (let k = span.from; k <= span.to; k++) {
    if (observed[k]) continue;
    y[k] = Number.isNaN(scale) ? (y[k] as number) + (span.remainder - sum) / count : (y[k] as number) * scale;
  }
}

/** Root mean square change per month of distance between successive figures, seasonally adjusted. */
function noiseOf(y: Float64Array, observed: Uint8Array, shapeAt: (t: number) => number, logs: boolean): number {
  let sum = 0;
  let pairs = 0;
  let prev = -1;
  for (let t = 0; t < y.length; t++) {
    if (!observed[t]) continue;
    if (prev >= 0) {
      const a = (y[prev] as number) / shapeAt(prev);
      const b = (y[t] as number) / shapeAt(t);
      sum += (logs ? Math.log(b / a) : b - a) ** 2 / (t - prev);
      pairs++;
    }
    prev = t;
  }
  return pairs > 0 ? Math.sqrt(sum / pairs) : 0;
}

export function prepareSeries(values: ArrayLike<number>, options: PrepareOptions = {}): PreparedSeries {
  const totals = options.totals ?? [];
  const { v, nonNegative } = checkValues(values);
  const derived = deriveSingles(v, totals, nonNegative);
  let first = -1;
  let last = -1;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i] as number)) continue;
    if (first < 0) first = i;
    last = i;
  }
  const open = totals.filter((t) => missingIn(v, t).missing.length >= 2);
  for (const t of open) {
    first = Math.min(first, t.from);
    last = Math.max(last, t.to);
  }
  let tailStart = Number.isNaN(v[last] as number) ? last + 1 : last;
  while (tailStart > first && !Number.isNaN(v[tailStart - 1] as number)) tailStart--;
  const start = last - tailStart + 1 >= TAIL_ALONE ? tailStart : first;
  const y = v.slice(start, last + 1);
  const n = y.length;
  const observed = Uint8Array.from(y, (x) => (Number.isNaN(x) ? 0 : 1));
  const spans: FilledSpan[] = [];
  for (const t of open) {
    if (t.from < start) continue;
    const { known } = missingIn(v, t);
    refuseNegative(t, known, nonNegative, t.total - known);
    spans.push({ from: t.from - start, to: t.to - start, remainder: t.total - known });
  }
  const phase = ((options.phase ?? 0) + start) % PERIOD;
  const flat = y.slice();
  interpolate(flat, () => 1);
  const own = shapeOfSeries(flat, observed, phase, PERIOD);
  const positive = flat.every((x) => x > 0);
  const wantsShape = own === null && positive;
  // A related series' shape (a market's, reported more fully) before the one this series' gappy figures
  // show by the analysis of variance (seasonal-shape.ts).
  const gappy =
    wantsShape && !options.related ? shapeAmongFigures(flat, observed, phase, PERIOD, options.seasonLevel) : null;
  const shape = own ?? gappy ?? (wantsShape ? (options.related?.shape ?? null) : null);
  const shapeAt = (t: number): number => (shape === null ? 1 : (shape[(phase + t) % PERIOD] as number));
  if (shape === null) y.set(flat);
  else interpolate(y, shapeAt);
  for (const span of spans) meetTotal(y, observed, span);
  let nObserved = 0;
  for (let i = 0; i < n; i++) nObserved += observed[i] as number;
  let fromTotals = 0;
  for (const span of spans) for (let k = span.from; k <= span.to; k++) fromTotals += observed[k] ? 0 : 1;
  return {
    y,
    observed,
    offset: start,
    nObserved,
    filled: n - nObserved,
    fromTotals,
    derived,
    dropped: start - first,
    nonNegative,
    spans,
    shape: own !== null || gappy !== null ? 'own' : shape !== null ? 'related' : 'none',
    seasonalShape: shape,
    relatedName: own === null && gappy === null && shape !== null ? options.related!.name : null,
    wantsShape,
    phase,
    fillNoise: noiseOf(y, observed, shapeAt, positive),
  };
}

/**
 * The seasonal shape a series' own figures give (indices by calendar month, 0 = January), as preparing it
 * for its own forecast estimates it, but from gappy figures only at the stricter level of a shape lent to
 * others: what a related series lends. Null where it has none.
 */
export function ownSeasonalShape(
  values: ArrayLike<number>,
  options: Pick<PrepareOptions, 'totals' | 'phase'>,
): SeasonalShape | null {
  const prepared = prepareSeries(values, { ...options, seasonLevel: LENT_SEASON_LEVEL });
  return prepared.shape === 'own' ? prepared.seasonalShape : null;
}
