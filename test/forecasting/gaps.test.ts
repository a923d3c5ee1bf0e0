import { expect } from 'chai';
import { prepareSeries } from '../../forecasting/gaps.js';

describe('forecasting/gaps', () => {
  it('drops leading and trailing gaps and keeps a complete series as it is', () => {
    const s = prepareSeries([NaN, 1, 2, 3, NaN]);
    expect(Array.from(s.y)).to.deep.equal([1, 2, 3]);
    expect(s.offset).to.equal(1);
    expect(s.filled).to.equal(0);
  });

  it('fills an interior gap geometrically between positive neighbours and counts it', () => {
    const s = prepareSeries([100, NaN, 400]);
    expect(s.y[1]).to.be.closeTo(200, 1e-9);
    expect(s.filled).to.equal(1);
    expect(Array.from(s.observed)).to.deep.equal([1, 0, 1]);
  });

  it('fills linearly when a neighbour is zero', () => {
    expect(prepareSeries([0, NaN, NaN, 30]).y[2]).to.be.closeTo(20, 1e-9);
  });

  it('uses only a gap-free recent run of three years or more, reporting the months left out', () => {
    const values = [5, NaN, 7, ...Array.from({ length: 36 }, (_, i) => 10 + i)];
    const s = prepareSeries(values);
    expect(s.y.length).to.equal(37);
    expect(s.offset).to.equal(2);
    expect(s.dropped).to.equal(2);
  });

  it('says whether the series is non-negative', () => {
    expect(prepareSeries([0, 1, 2]).nonNegative).to.equal(true);
    expect(prepareSeries([-1, 1, 2]).nonNegative).to.equal(false);
  });

  const bad = [
    { name: 'an empty series', values: [], message: /values: has no numeric value/ },
    { name: 'an all-NaN series', values: [NaN, NaN], message: /values: has no numeric value/ },
    { name: 'an infinite value', values: [1, Infinity], message: /values\[1\]: must be a finite number/ },
  ];
  for (const row of bad) {
    it(`refuses ${row.name}`, () => {
      expect(() => prepareSeries(row.values)).to.throw(row.message);
    });
  }
});
