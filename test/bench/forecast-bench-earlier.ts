/**
 * `--earlier N`: each series forecast from an origin N months before the end of its training part, and
 * scored on those N months. Interval calibration is learned on one period's errors (the test months); a
 * data set not in the repository is another period and other series, and this is the part of that which
 * the repository's own data can show: the same series in a period the calibration never scored.
 */
import type { BenchSeries } from './forecast-bench-data.js';

/** Months of training left at the earlier origin below which a series is left out: two years, as `auto`'s models need. */
export const MIN_EARLIER_TRAIN = 24;

/** Parses the value of `--earlier`; throws naming the flag and the value unless it is a whole number of months from 1. */
export function parseEarlier(value: string): number {
  const months = Number(value);
  if (!Number.isInteger(months) || months < 1)
    throw new Error(`--earlier must be a whole number of months from 1, got ${JSON.stringify(value)}`);
  return months;
}

/**
 * The series as of `months` before the end of training: the months before that origin to train on, the
 * `months` after it to score, horizon `months`. Series left with under two years of training are left out.
 */
export function earlierOrigin(series: readonly BenchSeries[], months: number): BenchSeries[] {
  return series
    .filter((s) => s.train.length - months >= MIN_EARLIER_TRAIN)
    .map((s) => ({
      ...s,
      horizon: months,
      train: s.train.slice(0, s.train.length - months),
      test: s.train.slice(s.train.length - months),
    }));
}
