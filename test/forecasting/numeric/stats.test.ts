import { expect } from 'chai';
import { acf, isConstant, linearTrend, median, qnorm, quantileSorted } from '../../../forecasting/numeric/stats.js';

describe('forecasting/numeric/stats', () => {
  const table = [
    { p: 0.5, z: 0 },
    { p: 0.975, z: 1.959963984540054 },
    { p: 0.9, z: 1.2815515655446004 },
    { p: 0.001, z: -3.090232306167813 },
  ];
  for (const row of table) {
    it(`gives qnorm(${row.p}) = ${row.z} to 1e-8`, () => {
      expect(qnorm(row.p)).to.be.closeTo(row.z, 1e-8);
    });
  }

  it("interpolates quantiles as R's type 7 and takes medians", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).to.equal(1.75);
    expect(median([3, 1, 2, 10])).to.equal(2.5);
  });

  it("computes autocorrelations as R's acf (mean removed, denominator n)", () => {
    // acf(c(1, 2, 3, 4, 5), plot = FALSE)$acf[2] is 0.4.
    expect(acf([1, 2, 3, 4, 5], 1)[0]).to.be.closeTo(0.4, 1e-12);
  });

  it('fits a least-squares line on 0..n-1 and detects constant series', () => {
    expect(linearTrend([1, 3, 5, 7])).to.deep.equal({ intercept: 1, slope: 2 });
    expect(isConstant([2, 2, 2])).to.equal(true);
    expect(isConstant([2, 2, 3])).to.equal(false);
  });
});
