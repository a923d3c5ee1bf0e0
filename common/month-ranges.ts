/**
 * A set of months kept as runs of consecutive months: a series' ten years of history, sent in one
 * upload, is one run (two numbers) instead of 120 set entries. What waits for a re-fit is held
 * this way, so that a large upload's pending re-fit costs memory by series, not by figure.
 */
import { monthFromIndex, monthIndex, type MonthKey } from './month.js';

export class MonthRanges {
  /** Sorted, disjoint, non-adjacent runs: first and last month index of each, flat. */
  private readonly runs: number[] = [];

  add(month: MonthKey): void {
    const m = monthIndex(month);
    const runs = this.runs;
    // The first run ending at m - 1 or later; searched from the end, where months in order land.
    let i = runs.length;
    while (i >= 2 && runs[i - 1]! >= m - 1) i -= 2;
    if (i === runs.length) runs.push(m, m);
    else if (runs[i]! > m + 1) runs.splice(i, 0, m, m);
    else if (m < runs[i]!) runs[i] = m;
    else if (m > runs[i + 1]!) {
      runs[i + 1] = m;
      // It may now touch the next run.
      if (i + 2 < runs.length && runs[i + 2] === m + 1) runs.splice(i + 1, 2);
    }
  }

  addAll(months: Iterable<MonthKey>): void {
    for (const m of months) this.add(m);
  }

  /** Every month, in order. */
  toArray(): MonthKey[] {
    const out: MonthKey[] = [];
    for (let i = 0; i < this.runs.length; i += 2)
      for (let m = this.runs[i]!; m <= this.runs[i + 1]!; m++) out.push(monthFromIndex(m));
    return out;
  }
}
