/**
 * Year-over-year growth per forecast month and calendar-year totals. Month values come from three sources:
 * actual figures, months filled inside the fitted span (interpolated gaps), and forecasts (point and sample
 * paths). Totals take their intervals and target probabilities from the paths, so they respect the joint
 * distribution of the months; their point value is the sum of actuals and point forecasts, so that totals
 * agree with the monthly points.
 */
import { januaryIndex, monthFromIndex, yearOfIndex } from '../common/month.js';
import { yoyGrowthPct } from '../common/yoy.js';
import { intervalOf } from './intervals.js';
import type { ForecastPoint, Interval, YearTotal } from './types.js';

/** Everything known about the months around the forecast. */
export interface MonthBook {
  /** Month index of values[0]. */
  readonly startIndex: number;
  readonly values: ArrayLike<number>;
  /** Month index of y[0] of the fitted span and its gap-free values. */
  readonly spanStart: number;
  readonly span: Float64Array;
  /** Month index of the first forecast month. */
  readonly firstForecast: number;
  readonly point: Float64Array;
  readonly paths: readonly Float64Array[];
  /**
   * For each path, how far each month of the span might lie from its fill (zero at actual figures): draws of
   * the filled months, so that a total holding one carries its uncertainty. Absent: fills count as known.
   */
  readonly fillDeviations?: readonly Float64Array[];
  /** Month indexes of the spans whose sum is a known total (a quarter, a year to date's difference). */
  readonly knownSpans?: readonly { readonly from: number; readonly to: number }[];
}

type Known = { kind: 'actual' | 'filled' | 'forecast'; value: number; step: number } | null;

function lookup(book: MonthBook, month: number): Known {
  const step = month - book.firstForecast;
  if (step >= 0) return step < book.point.length ? { kind: 'forecast', value: book.point[step] as number, step } : null;
  const k = month - book.startIndex;
  const v = k >= 0 && k < book.values.length ? (book.values[k] as number) : NaN;
  if (!Number.isNaN(v)) return { kind: 'actual', value: v, step: -1 };
  const s = month - book.spanStart;
  if (s >= 0 && s < book.span.length) return { kind: 'filled', value: book.span[s] as number, step: -1 };
  return null;
}

/** Forecast points with YoY growth on the same month a year before (actual, or forecast beyond a year). */
export function forecastPoints(book: MonthBook, intervals: readonly Interval[]): ForecastPoint[] {
  return intervals.map((interval, i) => {
    const month = book.firstForecast + i;
    const before = lookup(book, month - 12);
    const basis = before === null || before.kind === 'filled' ? null : before.kind;
    const yoyPct = basis === null ? null : yoyGrowthPct(interval.point, before?.value);
    return { month: monthFromIndex(month), ...interval, yoyPct, yoyBasis: yoyPct === null ? null : basis };
  });
}

/** The known totals lying wholly inside months [from, to]: a sum over them holds each one's total exactly. */
function heldSpans(book: MonthBook, from: number, to: number): { readonly from: number; readonly to: number }[] {
  return (book.knownSpans ?? []).filter((s) => s.from >= from && s.to <= to);
}

/**
 * Sum of months [from, to] when every one is an actual, a point forecast, or a filled month inside a known
 * total the range holds whole (its fills add up to that total: last year published as year-to-date figures);
 * else null.
 */
function knownSum(book: MonthBook, from: number, to: number): number | null {
  const held = heldSpans(book, from, to);
  let s = 0;
  for (let m = from; m <= to; m++) {
    const k = lookup(book, m);
    if (k === null || (k.kind === 'filled' && !held.some((h) => m >= h.from && m <= h.to))) return null;
    s += k.value;
  }
  return s;
}

/** Totals over months [from, to]: point, interval from the paths, and the per-path totals. */
function total(
  book: MonthBook,
  from: number,
  to: number,
): { interval: Interval; draws: Float64Array; actual: number; forecast: number; inTotals: number; filled: number } {
  let fixed = 0;
  let point = 0;
  let actual = 0;
  let forecast = 0;
  let inTotals = 0;
  const steps: number[] = [];
  const filled: number[] = [];
  const held = heldSpans(book, from, to);
  for (let m = from; m <= to; m++) {
    const k = lookup(book, m);
    if (k === null) continue;
    if (k.kind === 'forecast') {
      steps.push(k.step);
      point += k.value;
      forecast++;
    } else {
      fixed += k.value;
      if (k.kind === 'actual') actual++;
      else {
        // A month inside a total held whole draws deviations that sum to nothing over it: the total is known.
        filled.push(m - book.spanStart);
        if (held.some((s) => m >= s.from && m <= s.to)) inTotals++;
      }
    }
  }
  const draws = new Float64Array(book.paths.length);
  for (let p = 0; p < book.paths.length; p++) {
    const path = book.paths[p] as Float64Array;
    let s = fixed;
    for (const step of steps) s += path[step] as number;
    // Drawn apart from the path's forecast months, whose own spread already holds what the fills might have been.
    const deviation = book.fillDeviations?.[p];
    if (deviation) for (const t of filled) s += deviation[t] as number;
    draws[p] = s;
  }
  return {
    interval: intervalOf(draws, fixed + point),
    draws,
    actual,
    forecast,
    inTotals,
    filled: filled.length - inTotals,
  };
}

/** Year-to-date and full-year totals for every calendar year the horizon touches. */
export function yearTotals(book: MonthBook, targets: Readonly<Record<number, number>> = {}): YearTotal[] {
  const lastForecast = book.firstForecast + book.point.length - 1;
  const out: YearTotal[] = [];
  for (let year = yearOfIndex(book.firstForecast); year <= yearOfIndex(lastForecast); year++) {
    const january = januaryIndex(year);
    const through = Math.min(lastForecast, january + 11);
    const ytd = total(book, january, through);
    const ytdLastYear = knownSum(book, january - 12, through - 12);
    const full = through === january + 11 ? ytd : null;
    const fullYearLastYear = knownSum(book, january - 12, january - 1);
    const target = targets[year];
    let probTarget: number | null = null;
    if (full !== null && target !== undefined) {
      let reached = 0;
      for (const d of full.draws) if (d >= target) reached++;
      probTarget = reached / full.draws.length;
    }
    out.push({
      year,
      monthsActual: ytd.actual,
      monthsForecast: ytd.forecast,
      monthsInTotals: ytd.inTotals,
      monthsFilled: ytd.filled,
      ytd: { ...ytd.interval, through: monthFromIndex(through) },
      ytdLastYear,
      ytdYoyPct: yoyGrowthPct(ytd.interval.point, ytdLastYear),
      fullYear: full === null ? null : full.interval,
      fullYearLastYear,
      fullYearYoyPct: full === null ? null : yoyGrowthPct(full.interval.point, fullYearLastYear),
      probTarget,
    });
  }
  return out;
}
