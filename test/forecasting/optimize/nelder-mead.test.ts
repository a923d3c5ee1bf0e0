import { expect } from 'chai';
import { nelderMead } from '../../../forecasting/optimize/nelder-mead.js';

describe('forecasting/optimize/nelder-mead', () => {
  const table: Array<{ name: string; f: (x: Float64Array) => number; x0: number[]; min: number[]; tol: number }> = [
    {
      name: 'a shifted quadratic bowl',
      f: (x) => (x[0]! - 3) ** 2 + 10 * (x[1]! + 1) ** 2,
      x0: [0, 0],
      min: [3, -1],
      tol: 1e-3,
    },
    {
      name: 'the Rosenbrock valley',
      f: (x) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2,
      x0: [-1.2, 1],
      min: [1, 1],
      tol: 1e-2,
    },
    {
      name: 'a quadratic with an infeasible half-plane (x < 0.5 returns Infinity)',
      f: (x) => (x[0]! < 0.5 ? Infinity : (x[0]! - 0.7) ** 2 + x[1]! ** 2),
      x0: [1, 1],
      min: [0.7, 0],
      tol: 1e-3,
    },
    {
      name: 'a quadratic next to a region where it is NaN (x < 0 counts as 1e35, a wall)',
      f: (x) => (x[0]! < 0 ? NaN : (x[0]! - 0.3) ** 2 + (x[1]! - 1) ** 2),
      x0: [1, 2],
      min: [0.3, 1],
      tol: 1e-3,
    },
  ];
  for (const c of table) {
    it(`minimises ${c.name}`, () => {
      const r = nelderMead(c.f, Float64Array.from(c.x0), { maxEval: 5000, relTol: 1e-12 });
      expect(r.x[0]).to.be.closeTo(c.min[0]!, c.tol);
      expect(r.x[1]).to.be.closeTo(c.min[1]!, c.tol);
      expect(r.value).to.equal(c.f(r.x));
    });
  }

  it('stops at the evaluation cap and says it did not converge', () => {
    const r = nelderMead((x) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2, Float64Array.of(-1.2, 1), {
      maxEval: 30,
    });
    expect(r.converged).to.equal(false);
    expect(r.evaluations).to.be.at.most(33);
  });

  it('returns the start when the objective cannot be evaluated there', () => {
    const r = nelderMead(() => NaN, Float64Array.of(1, 2));
    expect(Array.from(r.x)).to.deep.equal([1, 2]);
    expect(r.evaluations).to.equal(1);
    expect(r.converged).to.equal(false);
  });

  it('uses the per-coordinate initial steps it is given', () => {
    const seen: number[][] = [];
    nelderMead(
      (x) => {
        seen.push(Array.from(x));
        return x[0]! ** 2 + x[1]! ** 2;
      },
      Float64Array.of(1, 1),
      { step: Float64Array.of(0.5, 0.01), maxEval: 3 },
    );
    expect(seen.slice(0, 3)).to.deep.equal([
      [1, 1],
      [1.5, 1],
      [1, 1.01],
    ]);
  });
});
