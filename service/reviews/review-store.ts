/**
 * Conflict reviews in InfluxDB and in memory: every review is kept (its own point, at the instant
 * it was made), and the newest of each series and month is the one in force. Read whole at start,
 * like silences: a handful per series at most, so the earlier ones are kept in memory too.
 */
import type { InfluxDB } from 'influx';
import type { Candidate, ConflictReview } from '../../ingest/review.js';
import type { MonthKey } from '../../ingest/types.js';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { queryRows, toStoreError } from '../storage/store-error.js';

const NONE: ReadonlyMap<MonthKey, ConflictReview> = new Map();

export class ReviewStore {
  /** The review in force of each series' months: asked on every read, so kept apart from the histories. */
  private readonly bySeries = new Map<string, Map<MonthKey, ConflictReview>>();
  /** Every review of a series' month, oldest first, by `historyKey`. */
  private readonly histories = new Map<string, ConflictReview[]>();

  /** Reviews this instance saved while a {@link reload} was reading: its answer may have been read before them. */
  private savedDuringReload: ConflictReview[] | null = null;

  private constructor(private readonly client: InfluxDB) {}

  static async load(client: InfluxDB): Promise<ReviewStore> {
    const store = new ReviewStore(client);
    for (const review of await readAll(client)) store.remember(review);
    return store;
  }

  /**
   * Reads every review again, for those other instances stored (each hears of one as a change of its
   * month's actuals). Reviews are few, one per month an admin settled, so reading them all is one small query.
   */
  async reload(): Promise<void> {
    const saved: ConflictReview[] = [];
    this.savedDuringReload = saved;
    let reviews: ConflictReview[];
    try {
      reviews = await readAll(this.client);
    } finally {
      this.savedDuringReload = null;
    }
    this.bySeries.clear();
    this.histories.clear();
    for (const review of reviews) this.remember(review);
    const known = new Set(reviews.map(identity));
    for (const review of saved) if (!known.has(identity(review))) this.remember(review);
  }

  /** The reviews in force for a series, by month. */
  of(series: string): ReadonlyMap<MonthKey, ConflictReview> {
    return this.bySeries.get(series) ?? NONE;
  }

  /** Every review of a series' month, newest (the one in force) first; none for a month never reviewed. */
  history(series: string, month: MonthKey): ConflictReview[] {
    return [...(this.histories.get(historyKey(series, month)) ?? [])].reverse();
  }

  /** Stores a review, in force at once; answers the one it replaced. */
  async save(review: ConflictReview): Promise<ConflictReview | null> {
    try {
      await this.client.writePoints(
        [
          {
            measurement: MEASUREMENT.conflictReview,
            tags: { [TAG.series]: review.series, [TAG.month]: review.month },
            fields: {
              value: review.chosen.value,
              source: review.chosen.source,
              source_key: review.chosen.sourceKey,
              kind: review.chosen.kind,
              reason: review.reason,
              by: review.by,
              seen: JSON.stringify(review.seen),
            },
            timestamp: new Date(review.at),
          },
        ],
        { precision: 'ms' },
      );
    } catch (error) {
      throw toStoreError(error, 'write');
    }
    const replaced = this.of(review.series).get(review.month) ?? null;
    this.remember(review);
    this.savedDuringReload?.push(review);
    return replaced;
  }

  private remember(review: ConflictReview): void {
    const months = this.bySeries.get(review.series) ?? new Map<MonthKey, ConflictReview>();
    months.set(review.month, review);
    this.bySeries.set(review.series, months);
    const key = historyKey(review.series, review.month);
    const history = this.histories.get(key) ?? [];
    history.push(review);
    this.histories.set(key, history);
  }
}

const historyKey = (series: string, month: MonthKey) => `${series}\u0000${month}`;
/** A review's point in InfluxDB: its series, month and time. */
const identity = (review: ConflictReview) => `${historyKey(review.series, review.month)}\u0000${review.at}`;

async function readAll(client: InfluxDB): Promise<ConflictReview[]> {
  const rows = await queryRows(client, `SELECT * FROM ${ident(MEASUREMENT.conflictReview)} ORDER BY time ASC`);
  return rows.map(reviewOf);
}

function reviewOf(r: Record<string, unknown>): ConflictReview {
  return {
    series: String(r[TAG.series]),
    month: String(r[TAG.month]),
    chosen: {
      value: Number(r['value']),
      source: String(r['source'] ?? ''),
      sourceKey: String(r['source_key'] ?? ''),
      kind: String(r['kind']) as Candidate['kind'],
    },
    reason: String(r['reason'] ?? ''),
    by: String(r['by'] ?? ''),
    at: (r['time'] as Date).getTime(),
    seen: JSON.parse(String(r['seen'] ?? '[]')) as Candidate[],
  };
}
