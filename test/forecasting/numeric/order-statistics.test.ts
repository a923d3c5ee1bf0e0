import { expect } from 'chai';
import { quantilesInPlace, selectRanks } from '../../../forecasting/numeric/order-statistics.js';
import { quantileSorted } from '../../../forecasting/numeric/stats.js';
import { seededRandom } from '../../../forecasting/random.js';

const LEVELS = [0.025, 0.1, 0.5, 0.9, 0.975];

/**
 * Draws as sample paths give them: spread out, heaped on a few values (clamped at zero), or all equal. No
 * -0: sorting puts it before 0, selection counts the two as equal.
 */
function draws(random: () => number, n: number, kind: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = random() - 0.5;
    a[i] = kind === 0 ? x * 1e4 : kind === 1 ? Math.max(0, x) : kind === 2 ? Math.round(x * 4) + 0 : 7;
  }
  return a;
}

describe('forecasting/numeric/order-statistics', () => {
  it('gives exactly the quantiles of the sorted draws, whatever their size and ties', () => {
    const random = seededRandom(11);
    for (const n of [1, 2, 3, 15, 16, 17, 200, 2000, 2001])
      for (let kind = 0; kind < 4; kind++) {
        const a = draws(random, n, kind);
        const sorted = Float64Array.from(a).sort();
        expect(quantilesInPlace(a, LEVELS), `n=${n} kind=${kind}`).to.deep.equal(
          LEVELS.map((p) => quantileSorted(sorted, p)),
        );
      }
  });

  it('sorts NaN last, as a typed-array sort does', () => {
    const a = Float64Array.from([3, NaN, 1, 2, NaN]);
    const sorted = Float64Array.from(a).sort();
    const got = quantilesInPlace(a, [0, 0.5, 0.6, 1]);
    expect(got.slice(0, 2)).to.deep.equal([0, 0.5].map((p) => quantileSorted(sorted, p)));
    expect(Number.isNaN(got[2])).to.equal(true);
    expect(Number.isNaN(got[3])).to.equal(true);
    expect(Number.isNaN(quantilesInPlace(new Float64Array(0), [0.5])[0])).to.equal(true);
  });

  it('puts every asked rank where sorting would, and only partly orders the rest', () => {
    const a = draws(seededRandom(5), 1000, 0);
    const sorted = Float64Array.from(a).sort();
    const ranks = [0, 24, 25, 500, 998, 999];
    selectRanks(a, ranks);
    for (const k of ranks) expect(a[k], `rank ${k}`).to.equal(sorted[k]);
    expect(a, 'a selection is no full sort').not.to.deep.equal(sorted);
  });
});
