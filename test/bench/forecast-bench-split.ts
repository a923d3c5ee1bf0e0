/**
 * `--split odd|even`: keeps the series at odd or even 1-based positions of the meta file, so that a constant
 * can be chosen on one half of a data set and reported on the other.
 */

export type Split = 'odd' | 'even';

/** Parses the value of `--split`; throws naming the flag and the value when it is neither half. */
export function parseSplit(value: string): Split {
  if (value === 'odd' || value === 'even') return value;
  throw new Error(`--split must be odd or even, got ${JSON.stringify(value)}`);
}

/** The series at odd (1st, 3rd, …) or even (2nd, 4th, …) positions of `series`, in meta-file order. */
export function splitSeries<T>(series: readonly T[], split: Split | null): T[] {
  if (split === null) return [...series];
  const keep = split === 'odd' ? 0 : 1;
  return series.filter((_, i) => i % 2 === keep);
}
