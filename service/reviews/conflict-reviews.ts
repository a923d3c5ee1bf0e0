/**
 * Reviewing a month in conflict: the request names a figure the month's conflicts list, the review
 * is stored, and the month is announced as changed, like a restatement, so that the alerts, the
 * live channel, the overview and the re-fit all take the figure that now stands. And a month's
 * reviews read back, newest first, with whether the one in force still settles the month.
 */
import type { Conflict } from '../../ingest/resolve.js';
import { candidatesOf, chooseFigure, reviewHolds, type ConflictReview } from '../../ingest/review.js';
import type { MonthKey } from '../../ingest/types.js';
import type { Clock } from '../clock.js';
import type {
  ConflictReviewRecord,
  ConflictReviewRequest,
  ConflictReviewView,
  SeriesPoint,
} from '../contract/index.js';
import { AppError } from '../errors.js';
import { reviewView } from '../series-summary.js';
import type { ReviewStore } from './review-store.js';

export interface ConflictReviewsDeps {
  readonly store: ReviewStore;
  /** The series' conflicts; throws NOT_FOUND for an unknown series. */
  readonly conflicts: (series: string) => Promise<Conflict[]>;
  /** The month as queries show it, or null when it has no value. */
  readonly point: (series: string, month: MonthKey) => Promise<SeriesPoint | null>;
  /** Announces that what the month shows changed; resolves once its alerts are decided again. */
  readonly changed: (series: string, month: MonthKey) => Promise<void>;
  readonly clock: Clock;
}

export interface ReviewOutcome {
  readonly review: ConflictReviewView;
  readonly replaced: ConflictReviewView | null;
  readonly point: SeriesPoint | null;
}

export class ConflictReviews {
  constructor(private readonly deps: ConflictReviewsDeps) {}

  /** Every review of the month, newest first; throws NOT_FOUND for an unknown series. */
  async history(series: string, month: MonthKey): Promise<ConflictReviewRecord[]> {
    const candidates = candidatesOf(await this.deps.conflicts(series), month);
    return this.deps.store.history(series, month).map((review, i) => ({
      ...reviewView(review),
      inForce: i === 0,
      // Only the one in force can settle the month, and only while the disagreement is the one it saw.
      settles: i === 0 && reviewHolds(review, candidates),
    }));
  }

  async review(series: string, month: MonthKey, request: ConflictReviewRequest, by: string): Promise<ReviewOutcome> {
    const candidates = candidatesOf(await this.deps.conflicts(series), month);
    if (candidates.length === 0)
      throw new AppError(409, 'NO_CONFLICT', `${series} ${month} has no conflict to review`, { series, month });
    const choice = chooseFigure(candidates, request);
    if ('field' in choice)
      throw new AppError(400, 'INVALID_FIELD', `field "${choice.field}" ${choice.message}`, {
        field: choice.field,
        figures: candidates.map(({ value, source, kind }) => ({ value, source, kind })),
      });
    const review: ConflictReview = {
      series,
      month,
      chosen: choice.chosen,
      reason: request.reason,
      by,
      at: this.deps.clock.now(),
      seen: candidates,
    };
    const replaced = await this.deps.store.save(review);
    await this.deps.changed(series, month);
    return {
      review: reviewView(review),
      replaced: replaced && reviewView(replaced),
      point: await this.deps.point(series, month),
    };
  }
}
