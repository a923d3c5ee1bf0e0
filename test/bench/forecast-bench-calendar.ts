/**
 * Coverage by the calendar year of the forecast month. The bench's series share calendar time: a recession
 * moves most of them at once, and no interval learned in calmer years covers it. Over one period the coverage
 * of a whole data set is therefore not an average over many independent trials but leans on the few years the
 * period holds (on M3, forecasts of 1991 covered 65 % at 80 % where those of 1993 covered 88 %). This line
 * shows which years a coverage figure stands on, in every mode, from the meta file's start months.
 */
import { readFileSync } from 'node:fs';
import type { BenchSeries } from './forecast-bench-data.js';

/** Calendar month of a series' first value: year × 12 + month − 1. */
export type MonthIndex = number;

/**
 * `start_year` and `start_month` by series id, from the meta file; null when the file lacks either column
 * (a data set given with --data may not know its calendar).
 */
export function readStarts(metaFile: string): Map<string, MonthIndex> | null {
  const lines = readFileSync(metaFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const names = (lines[0] ?? '').trim().split(',');
  const [ci, cy, cm] = ['series_id', 'start_year', 'start_month'].map((c) => names.indexOf(c)) as [
    number,
    number,
    number,
  ];
  if (ci < 0 || cy < 0 || cm < 0) return null;
  return new Map(
    lines.slice(1).map((line) => {
      const f = line.split(',');
      return [f[ci] as string, Number(f[cy]) * 12 + Number(f[cm]) - 1];
    }),
  );
}

/** The intervals of one series' forecast, as the bench scores them. */
export interface ScoredIntervals {
  readonly lo80: ArrayLike<number>;
  readonly hi80: ArrayLike<number>;
  readonly lo95: ArrayLike<number>;
  readonly hi95: ArrayLike<number>;
}

/** A year is shown when it holds at least this share of all forecast months: the years a figure stands on. */
export const MIN_YEAR_SHARE = 0.02;

/**
 * `1990 0.73/0.92 (3,381 months), …`: the 80 % and 95 % coverage of the forecast months falling in each
 * calendar year, for the years holding at least MIN_YEAR_SHARE of them. `testStart(i)` is the calendar month
 * of series i's first test month, or undefined where its calendar is unknown (left out).
 */
export function coverageByYear(
  data: readonly BenchSeries[],
  results: readonly ScoredIntervals[],
  testStart: (i: number) => MonthIndex | undefined,
): string {
  const years = new Map<number, { n: number; in80: number; in95: number }>();
  let total = 0;
  results.forEach((r, i) => {
    const start = testStart(i);
    if (start === undefined) return;
    (data[i] as BenchSeries).test.forEach((y, h) => {
      const year = Math.floor((start + h) / 12);
      const cell = years.get(year) ?? { n: 0, in80: 0, in95: 0 };
      cell.n++;
      if (y >= (r.lo80[h] as number) && y <= (r.hi80[h] as number)) cell.in80++;
      if (y >= (r.lo95[h] as number) && y <= (r.hi95[h] as number)) cell.in95++;
      years.set(year, cell);
      total++;
    });
  });
  return [...years.entries()]
    .filter(([, c]) => c.n >= MIN_YEAR_SHARE * total)
    .sort(([a], [b]) => a - b)
    .map(
      ([year, c]) =>
        `${year} ${(c.in80 / c.n).toFixed(2)}/${(c.in95 / c.n).toFixed(2)} (${c.n.toLocaleString('en-US')} months)`,
    )
    .join(', ');
}
