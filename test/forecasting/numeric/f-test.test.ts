import { expect } from 'chai';
import { fUpperTail, regularizedBeta } from '../../../forecasting/numeric/f-test.js';

describe('forecasting/numeric/f-test', () => {
  // R 4.2: pf(f, d1, d2, lower.tail = FALSE) and pbeta(x, a, b).
  const table = [
    { f: 2.5, d1: 11, d2: 8, p: 0.1017662 },
    { f: 3.31, d1: 11, d2: 8, p: 0.05011942 },
    { f: 1.2, d1: 11, d2: 40, p: 0.3182869 },
    { f: 10, d1: 3, d2: 5, p: 0.01488853 },
  ];
  for (const row of table)
    it(`gives P(F(${row.d1}, ${row.d2}) > ${row.f}) = ${row.p} as R's pf`, () => {
      expect(fUpperTail(row.f, row.d1, row.d2)).to.be.closeTo(row.p, 1e-7);
    });

  it("gives the regularized incomplete beta function as R's pbeta, on both sides of its mean", () => {
    expect(regularizedBeta(0.3, 2.5, 4)).to.be.closeTo(0.3521976, 1e-7);
    expect(regularizedBeta(0.9, 2.5, 4)).to.be.closeTo(1 - regularizedBeta(0.1, 4, 2.5), 1e-12);
    expect(fUpperTail(0, 3, 5)).to.equal(1);
  });
});
