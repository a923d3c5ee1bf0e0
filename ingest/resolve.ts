/**
 * From all the figures of one series to the monthly values that queries show, with the
 * conflicts found on the way. Pure, and cheap enough to run on every read, so that a stated
 * rule (not the order of writes) decides what a planner sees.
 *
 * The rule: for a month with several reported values, the value reported by the most sources
 * wins; between equally supported values, the more precise one (more significant digits: a
 * rounded "1.62 million" is a weaker figure than 1,617,000); then the most recently stored.
 * Sources that disagree are a conflict.
 * A month without a monthly figure takes the month that year-to-date figures imply, when the
 * unit is additive; where a monthly and an implied figure differ by more than 0.5 %, both are
 * kept and the conflict reported.
 */
import { januaryIndex, monthFromIndex, monthIndex, yearOfIndex } from '../common/month.js';
import { isAdditiveUnit } from '../common/units.js';
import { yoyGrowthPct } from '../common/yoy.js';
import type { Figure } from './figure.js';
import { holdingReviews, type ConflictReview } from './review.js';
import type { FigureKind, MonthKey } from './types.js';

/** Relative difference beyond which a monthly figure and the one year-to-date figures imply disagree. */
export const YTD_TOLERANCE = 0.005;

export type ConflictCode = 'SOURCES_DISAGREE' | 'YTD_MISMATCH' | 'YOY_MISMATCH' | 'YTD_NEGATIVE';

export interface Conflict {
  readonly series: string;
  readonly month: MonthKey;
  readonly kind: FigureKind;
  readonly code: ConflictCode;
  readonly message: string;
  /** The figures that disagree; `sourceKey` identifies the source where the source itself was not read. */
  readonly values: readonly ConflictValue[];
}

export interface ConflictValue {
  readonly value: number;
  readonly source: string;
  readonly sourceKey: string;
  readonly kind: FigureKind | 'derived';
}

export interface ResolvedMonth {
  readonly month: MonthKey;
  readonly value: number;
  /** `reported` when a monthly report gives it; `derived` when year-to-date figures imply it. */
  readonly basis: 'reported' | 'derived';
  /** The figure whose value is shown (for a derived value, the year-to-date figure it came from). */
  readonly source: string;
  readonly quote: string;
  /** Every figure of the month, monthly kind, newest first. */
  readonly figures: readonly Figure[];
  /** The year-to-date figure through this month, when one was reported. */
  readonly ytd: number | null;
  readonly conflicts: readonly ConflictCode[];
  /** The admin's review that says which figure stands, while it settles the month (review.ts). */
  readonly reviewed: ConflictReview | null;
}

export interface ResolvedSeries {
  readonly months: ResolvedMonth[];
  readonly conflicts: Conflict[];
  /**
   * What the year-to-date figures say about spans of months: each one's total less the previous one of
   * the same year (or all of it from January), when the unit is additive; oldest first.
   */
  readonly spanTotals: SpanTotal[];
  /** The reviews that settle their months' conflicts. */
  readonly reviewed: ReadonlyMap<MonthKey, ConflictReview>;
  /**
   * The year-to-date figure through each month that has one, as it stands (a review may choose it), months
   * without a monthly figure of their own included: Jan–Feb reported only together is a total through February.
   */
  readonly published: ReadonlyMap<MonthKey, number>;
}

/** The sum of the months `from` through `to`, both included, as year-to-date figures give it. */
export interface SpanTotal {
  readonly from: MonthKey;
  readonly to: MonthKey;
  readonly total: number;
}

interface Pick {
  readonly value: number;
  readonly chosen: Figure;
  readonly figures: Figure[];
  readonly disagree: boolean;
}

const NO_REVIEWS: ReadonlyMap<MonthKey, ConflictReview> = new Map();

/** `reviews`: the series' stored conflict reviews by month; those that still hold decide their months. */
export function resolveSeries(
  series: string,
  unit: string,
  figures: readonly Figure[],
  reviews: ReadonlyMap<MonthKey, ConflictReview> = NO_REVIEWS,
): ResolvedSeries {
  const conflicts: Conflict[] = [];
  const monthly = pickByMonth(figures.filter((r) => r.kind === 'monthly'));
  const ytd = pickByMonth(figures.filter((r) => r.kind === 'ytd'));
  for (const [month, pick] of [...monthly, ...ytd]) {
    if (pick.disagree) conflicts.push(sourcesDisagree(series, month, pick));
  }
  const spans = isAdditiveUnit(unit) ? ytdSpans(ytd) : [];
  const derived = deriveFromYtd(series, monthly, spans, conflicts);
  checkStatedYoy(series, monthly, ytd, derived, conflicts);

  const conflictsByMonth = new Map<MonthKey, ConflictCode[]>();
  for (const c of conflicts) {
    const list = conflictsByMonth.get(c.month) ?? [];
    if (!list.includes(c.code)) list.push(c.code);
    conflictsByMonth.set(c.month, list);
  }
  const keys = new Set<MonthKey>([...monthly.keys(), ...derived.keys()]);
  for (const month of ytd.keys()) if (conflictsByMonth.has(month)) keys.add(month);
  const months: ResolvedMonth[] = [];
  for (const month of [...keys].sort()) {
    const m = monthly.get(month);
    const d = derived.get(month);
    const y = ytd.get(month);
    if (!m && !d) continue;
    months.push({
      month,
      value: m ? m.value : d!.value,
      basis: m ? 'reported' : 'derived',
      source: m ? m.chosen.source : d!.from.source,
      quote: m ? m.chosen.quote : d!.from.quote,
      figures: m ? m.figures : [],
      ytd: y ? y.value : null,
      conflicts: conflictsByMonth.get(month) ?? [],
      reviewed: null,
    });
  }
  const reviewed = reviews.size ? holdingReviews(conflicts, reviews) : NO_REVIEWS;
  return {
    months: reviewed.size ? months.map((m) => withReview(m, reviewed.get(m.month))) : months,
    conflicts,
    spanTotals: spans.map(({ from, to, total }) => ({ from, to, total })),
    reviewed,
    published: publishedTotals(ytd, reviewed),
  };
}

function publishedTotals(
  ytd: ReadonlyMap<MonthKey, Pick>,
  reviewed: ReadonlyMap<MonthKey, ConflictReview>,
): ReadonlyMap<MonthKey, number> {
  const out = new Map([...ytd].map(([month, pick]) => [month, pick.value]));
  for (const [month, review] of reviewed) if (review.chosen.kind === 'ytd') out.set(month, review.chosen.value);
  return out;
}

/** The month as its review says: the chosen figure stands (a year-to-date one for the year to date). */
function withReview(m: ResolvedMonth, review: ConflictReview | undefined): ResolvedMonth {
  if (!review) return m;
  const { chosen } = review;
  if (chosen.kind === 'ytd') return { ...m, ytd: chosen.value, reviewed: review };
  const figure = m.figures.find((f) => f.value === chosen.value && f.sourceKey === chosen.sourceKey);
  return {
    ...m,
    value: chosen.value,
    basis: chosen.kind === 'derived' ? 'derived' : 'reported',
    source: chosen.source,
    quote: figure?.quote ?? (m.source === chosen.source ? m.quote : ''),
    reviewed: review,
  };
}

function pickByMonth(figures: readonly Figure[]): Map<MonthKey, Pick> {
  const byMonth = new Map<MonthKey, Figure[]>();
  for (const r of figures) {
    const list = byMonth.get(r.month);
    if (list) list.push(r);
    else byMonth.set(r.month, [r]);
  }
  const picks = new Map<MonthKey, Pick>();
  for (const [month, list] of byMonth) {
    list.sort((a, b) => b.ingestedAt - a.ingestedAt);
    const votes = new Map<number, { count: number; newest: Figure }>();
    for (const r of list) {
      const v = votes.get(r.value);
      if (v) v.count++;
      else votes.set(r.value, { count: 1, newest: r });
    }
    let best: { count: number; newest: Figure } | null = null;
    for (const v of votes.values()) {
      if (!best || preferred(v, best)) best = v;
    }
    picks.set(month, { value: best!.newest.value, chosen: best!.newest, figures: list, disagree: votes.size > 1 });
  }
  return picks;
}

function preferred(a: { count: number; newest: Figure }, b: { count: number; newest: Figure }): boolean {
  if (a.count !== b.count) return a.count > b.count;
  const pa = significantDigits(a.newest.value);
  const pb = significantDigits(b.newest.value);
  if (pa !== pb) return pa > pb;
  return a.newest.ingestedAt > b.newest.ingestedAt;
}

/** 1617000 → 4, 1620000 → 3, 38.28 → 4, 38.3 → 3. */
export function significantDigits(value: number): number {
  const digits = Math.abs(value).toPrecision(15).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.max(1, digits.length);
}

function sourcesDisagree(series: string, month: MonthKey, pick: Pick): Conflict {
  const kind = pick.chosen.kind;
  const distinct = [...new Set(pick.figures.map((r) => r.value))];
  return {
    series,
    month,
    kind,
    code: 'SOURCES_DISAGREE',
    message: `${series} ${month}${kind === 'ytd' ? ' (year to date)' : ''}: sources report ${distinct.join(' and ')}; showing ${pick.value} (the value most sources report; between equals, the most precise, then the newest)`,
    values: pick.figures.map((r) => ({ value: r.value, source: r.source, sourceKey: r.sourceKey, kind: r.kind })),
  };
}

interface Derived {
  readonly value: number;
  readonly from: Figure;
}

interface YtdSpan extends SpanTotal {
  /** The year-to-date figure at `to`, and the value it had before the span (0 from January). */
  readonly pick: Pick;
  readonly base: number;
}

/**
 * The spans year-to-date figures give: from the month after the previous year-to-date figure of the same
 * year (or from January) through each one, totalling their difference.
 */
function ytdSpans(ytd: ReadonlyMap<MonthKey, Pick>): YtdSpan[] {
  const spans: YtdSpan[] = [];
  for (const [month, pick] of [...ytd].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const idx = monthIndex(month);
    const januaryIdx = januaryIndex(yearOfIndex(idx));
    let base = 0;
    let from = januaryIdx;
    for (let i = idx - 1; i >= januaryIdx; i--) {
      const earlier = ytd.get(monthFromIndex(i));
      if (earlier) {
        base = earlier.value;
        from = i + 1;
        break;
      }
    }
    spans.push({ from: monthFromIndex(from), to: month, total: roundLike(pick.value - base, pick.value), pick, base });
  }
  return spans;
}

/**
 * The month a year-to-date span implies: when exactly one month of the span has no monthly figure, that
 * month is the span's total less the others; when none is missing, the monthly figures are checked against
 * it. Arithmetic on reported figures only: a span with two or more unreported months stays a gap here (the
 * forecast fills it to add up to the span's total).
 */
function deriveFromYtd(
  series: string,
  monthly: ReadonlyMap<MonthKey, Pick>,
  spans: readonly YtdSpan[],
  conflicts: Conflict[],
): Map<MonthKey, Derived> {
  const derived = new Map<MonthKey, Derived>();
  for (const { from, to: month, pick, base } of spans) {
    const idx = monthIndex(month);
    let known = 0;
    const missing: MonthKey[] = [];
    for (let i = monthIndex(from); i <= idx; i++) {
      const key = monthFromIndex(i);
      const m = monthly.get(key);
      if (m) known += m.value;
      else missing.push(key);
    }
    if (missing.length > 1) continue;
    const implied = roundLike(pick.value - base - known, pick.value);
    if (missing.length === 1) {
      if (implied < 0) {
        conflicts.push({
          series,
          month,
          kind: 'ytd',
          code: 'YTD_NEGATIVE',
          message: `${series} ${month}: the year-to-date figure ${pick.value} is below the sum of the months it covers (${roundLike(base + known, pick.value)})`,
          values: [{ value: pick.value, source: pick.chosen.source, sourceKey: pick.chosen.sourceKey, kind: 'ytd' }],
        });
      } else {
        derived.set(missing[0]!, { value: implied, from: pick.chosen });
      }
      continue;
    }
    // Every month of the span is reported: the figure at `month` should be what the YTD implies.
    const reported = monthly.get(month)!;
    const value = roundLike(implied + reported.value, pick.value);
    const diff = Math.abs(reported.value - value) / Math.max(Math.abs(reported.value), Math.abs(value), Number.EPSILON);
    if (diff > YTD_TOLERANCE) {
      conflicts.push({
        series,
        month,
        kind: 'monthly',
        code: 'YTD_MISMATCH',
        message: `${series} ${month}: the monthly figure ${reported.value} differs by ${(diff * 100).toFixed(1)} % from the ${value} that year-to-date figures imply`,
        values: [
          {
            value: reported.value,
            source: reported.chosen.source,
            sourceKey: reported.chosen.sourceKey,
            kind: 'monthly',
          },
          { value, source: pick.chosen.source, sourceKey: pick.chosen.sourceKey, kind: 'derived' },
        ],
      });
    }
  }
  return derived;
}

/** Subtraction of decimal figures leaves binary noise (130.2 - 76.1); round to the inputs' precision. */
function roundLike(value: number, like: number): number {
  const decimals = (String(like).split('.')[1] ?? '').length;
  const factor = 10 ** Math.max(decimals, 6);
  return Math.round(value * factor) / factor;
}

/** A stated YoY percentage against the figures of both years, where both exist. */
function checkStatedYoy(
  series: string,
  monthly: ReadonlyMap<MonthKey, Pick>,
  ytd: ReadonlyMap<MonthKey, Pick>,
  derived: ReadonlyMap<MonthKey, Derived>,
  conflicts: Conflict[],
): void {
  const valueOf = (kind: FigureKind, month: MonthKey): number | undefined =>
    kind === 'ytd' ? ytd.get(month)?.value : (monthly.get(month)?.value ?? derived.get(month)?.value);
  for (const [kind, picks] of [
    ['monthly', monthly],
    ['ytd', ytd],
  ] as const) {
    for (const [month, pick] of picks) {
      const previous = valueOf(kind, monthFromIndex(monthIndex(month) - 12));
      const computed = yoyGrowthPct(pick.value, previous);
      if (computed === null || previous === undefined) continue;
      for (const r of pick.figures) {
        if (r.yoyPctStated === null || r.value !== pick.value) continue;
        if (Math.abs(computed - r.yoyPctStated) <= yoyTolerance(r.yoyPctStated)) continue;
        conflicts.push({
          series,
          month,
          kind,
          code: 'YOY_MISMATCH',
          message: `${series} ${month}${kind === 'ytd' ? ' (year to date)' : ''}: the source states ${r.yoyPctStated} % on last year, but ${pick.value} against ${previous} is ${computed.toFixed(1)} %`,
          values: [
            { value: pick.value, source: r.source, sourceKey: r.sourceKey, kind },
            { value: previous, source: '', sourceKey: '', kind },
          ],
        });
      }
    }
  }
}

/** Stated percentages are rounded and so are the figures behind them: one point, or 2 % of the stated change. */
function yoyTolerance(stated: number): number {
  return Math.max(1, Math.abs(stated) * 0.02);
}
