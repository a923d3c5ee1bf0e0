/**
 * An admin's review of a month in conflict: which of the disagreeing figures stands, and why.
 * Pure: choosing the figure from what the month's conflicts list, and deciding whether a stored
 * review still settles the month.
 *
 * A review settles the disagreement it saw, not a later one: it holds while the month is still in
 * conflict, its chosen figure is still among those in conflict, and no value it did not see has
 * joined them (a third source, a restatement to a new value). A month whose figures came to agree
 * needs no review; one with a new disagreement needs a new one.
 */
import type { MonthKey } from './types.js';
import type { Conflict, ConflictValue } from './resolve.js';

/**
 * A figure that may stand for a month: its value, the source that reported it (and that source's
 * key, which identifies it where only values were read), and its kind.
 */
export type Candidate = ConflictValue;

/** A conflict with the review that settles its month, or null while it is open. */
export interface ListedConflict extends Conflict {
  readonly reviewed: ConflictReview | null;
}

export interface ConflictReview {
  readonly series: string;
  readonly month: MonthKey;
  /** The figure that stands. */
  readonly chosen: Candidate;
  readonly reason: string;
  /** The name of the token that made it. */
  readonly by: string;
  /** ms since the epoch */
  readonly at: number;
  /** The figures in conflict when it was made. */
  readonly seen: readonly Candidate[];
}

/** What the request says stands: a source, a value, or both (they must name the same figure). */
export interface Choice {
  readonly source?: string | undefined;
  readonly value?: number | undefined;
}

export type ChoiceResult =
  { readonly chosen: Candidate } | { readonly field: 'source' | 'value'; readonly message: string };

/**
 * The figures a month's conflicts name, each once. A stated YoY's year-earlier figure (no source)
 * is not this month's figure and cannot stand for it.
 */
export function candidatesOf(conflicts: readonly Conflict[], month: MonthKey): Candidate[] {
  const out = new Map<string, Candidate>();
  for (const c of conflicts) {
    if (c.month !== month) continue;
    for (const v of c.values) if (v.sourceKey !== '') out.set(keyOf(v), v);
  }
  return [...out.values()];
}

/** The one candidate the choice names, or which field fails and why (naming what could stand). */
export function chooseFigure(candidates: readonly Candidate[], choice: Choice): ChoiceResult {
  const field = choice.source !== undefined ? 'source' : 'value';
  const matching = candidates.filter(
    (c) =>
      (choice.source === undefined || c.source === choice.source) &&
      (choice.value === undefined || c.value === choice.value),
  );
  const listed = candidates.map((c) => `${c.value} from ${c.source} (${c.kind})`).join('; ');
  if (matching.length === 0)
    return { field, message: `names no figure in conflict this month; the figures are: ${listed}` };
  if (new Set(matching.map((c) => c.value)).size > 1)
    return {
      field: 'value',
      message: `is needed: the source reports more than one of the figures in conflict (${listed})`,
    };
  // One value, reported as a monthly figure and derived from year-to-date: the reported one stands.
  return { chosen: matching.find((c) => c.kind === 'monthly') ?? matching[0]! };
}

/** Whether a stored review still settles its month, given the month's conflicts now. */
export function reviewHolds(review: ConflictReview, candidates: readonly Candidate[]): boolean {
  if (candidates.length === 0) return false;
  const seen = new Set(review.seen.map(keyOf));
  return candidates.some((c) => keyOf(c) === keyOf(review.chosen)) && candidates.every((c) => seen.has(keyOf(c)));
}

/** The reviews that settle their months, by month. */
export function holdingReviews(
  conflicts: readonly Conflict[],
  reviews: ReadonlyMap<MonthKey, ConflictReview>,
): Map<MonthKey, ConflictReview> {
  const out = new Map<MonthKey, ConflictReview>();
  for (const [month, review] of reviews)
    if (reviewHolds(review, candidatesOf(conflicts, month))) out.set(month, review);
  return out;
}

function keyOf(c: Candidate): string {
  return `${c.value}\u0000${c.sourceKey}\u0000${c.kind}`;
}
