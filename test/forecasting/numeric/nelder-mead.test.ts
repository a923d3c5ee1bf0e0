import { expect } from 'chai';
import { brentMinimize, nelderMead } from '../../../forecasting/numeric/nelder-mead.js';

describe('forecasting/numeric/nelder-mead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const r = nelderMead(
      (x) => 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2 + (1 - (x[0] as number)) ** 2,
      [-1.2, 1],
      { maxEvaluations: 2000, tolerance: 1e-14 },
    );
    expect(r.x[0]).to.be.closeTo(1, 1e-3);
    expect(r.x[1]).to.be.closeTo(1, 1e-3);
  });

  it('treats non-finite values as walls', () => {
    const r = nelderMead((x) => ((x[0] as number) < 0 ? NaN : ((x[0] as number) - 2) ** 2), [1]);
    expect(r.x[0]).to.be.closeTo(2, 1e-3);
  });

  it('minimises a function of one variable on an interval (Brent)', () => {
    expect(brentMinimize((x) => (x - 0.3) ** 2 + 1, 0, 1).x).to.be.closeTo(0.3, 1e-8);
    expect(brentMinimize((x) => x, 0, 1).x).to.be.closeTo(0, 1e-6);
  });
});
