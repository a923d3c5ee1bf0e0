import { expect } from 'chai';
import { levenbergMarquardt } from '../../../forecasting/numeric/levenberg-marquardt.js';

describe('forecasting/numeric/levenberg-marquardt', () => {
  it('fits an exponential decay exactly from noiseless data', () => {
    const t = Array.from({ length: 20 }, (_, i) => i / 2);
    const y = t.map((x) => 3 * Math.exp(-0.7 * x));
    const r = levenbergMarquardt(
      (p, out) => {
        let s = 0;
        for (let i = 0; i < t.length; i++) {
          const e = (p[0] as number) * Math.exp(-(p[1] as number) * (t[i] as number)) - (y[i] as number);
          out[i] = e;
          s += e * e;
        }
        return s;
      },
      [1, 0.1],
      t.length,
      { tolerance: 1e-14, maxIterations: 200 },
    );
    expect(r.x[0]).to.be.closeTo(3, 1e-5);
    expect(r.x[1]).to.be.closeTo(0.7, 1e-5);
  });
});
