import { expect } from 'chai';
import { MonthRanges } from '../../common/month-ranges.js';
import { addMonths } from '../../common/month.js';

/** A small deterministic generator, so that a failure names a seed that repeats it. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('common/month-ranges', () => {
  it('holds what a Set would, in order, whatever order the months come in', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = lcg(seed);
      const ranges = new MonthRanges();
      const set = new Set<string>();
      for (let k = 0; k < 60; k++) {
        const month = addMonths('2019-11', Math.floor(next() * 40));
        ranges.add(month);
        set.add(month);
      }
      expect(ranges.toArray(), `seed ${seed}`).to.deep.equal([...set].sort());
    }
  });

  it('joins runs that a month closes the gap between, across a year end', () => {
    const ranges = new MonthRanges();
    ranges.addAll(['2024-11', '2025-01', '2024-12', '2025-03']);
    expect(ranges.toArray()).to.deep.equal(['2024-11', '2024-12', '2025-01', '2025-03']);
  });
});
