import { expect } from 'chai';
import { coverage, mase, maseScale, smape, smapeTerm } from '../../forecasting/metrics.js';

describe('forecasting/metrics', () => {
  const table = [
    { y: 100, f: 100, expected: 0 },
    { y: 100, f: 50, expected: (200 * 50) / 150 },
    { y: 0, f: 0, expected: 0 },
    { y: 10, f: -10, expected: 200 },
  ];
  for (const row of table) {
    it(`scores sMAPE(y=${row.y}, f=${row.f}) as ${row.expected.toFixed(3)}`, () => {
      expect(smapeTerm(row.y, row.f)).to.be.closeTo(row.expected, 1e-12);
    });
  }

  it('averages sMAPE over the horizon', () => {
    expect(smape([100, 100], [100, 50])).to.be.closeTo((200 * 50) / 150 / 2, 1e-12);
  });

  it('scales MASE by the in-sample seasonal naive error at lag 12', () => {
    const train = Array.from({ length: 24 }, (_, t) => t);
    expect(maseScale(train, 12)).to.equal(12);
    expect(mase([30, 30], [18, 42], 12)).to.equal(1);
  });

  it('counts the share of actual values inside the interval, bounds included', () => {
    expect(coverage([1, 2, 3, 4], [1, 0, 0, 5], [2, 2, 2, 6])).to.equal(0.5);
  });
});
