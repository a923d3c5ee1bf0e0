import { expect } from 'chai';
import { brentMinimize } from '../../../forecasting/optimize/brent.js';

describe('forecasting/optimize/brent', () => {
  const table: Array<{ name: string; f: (x: number) => number; lo: number; hi: number; min: number; tol: number }> = [
    { name: 'an inner minimum of a parabola', f: (x) => (x - 0.3) ** 2 + 1, lo: 0, hi: 1, min: 0.3, tol: 1e-8 },
    { name: 'a minimum at the lower end (a rising line)', f: (x) => x, lo: 0, hi: 1, min: 0, tol: 1e-6 },
    { name: 'a minimum at the upper end (a falling line)', f: (x) => -x, lo: 2, hi: 5, min: 5, tol: 1e-6 },
    { name: 'a non-quadratic minimum', f: (x) => Math.abs(x - 1.7) ** 1.5, lo: 0, hi: 4, min: 1.7, tol: 1e-5 },
  ];
  for (const c of table) {
    it(`finds ${c.name}`, () => {
      const r = brentMinimize(c.f, c.lo, c.hi);
      expect(r.x).to.be.closeTo(c.min, c.tol);
      expect(r.value).to.equal(c.f(r.x));
    });
  }
});
