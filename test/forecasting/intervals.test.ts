import { expect } from 'chai';
import { clampAtZero, samplePaths, stepIntervals } from '../../forecasting/intervals.js';
import { seededRandom } from '../../forecasting/random.js';
import type { FittedModel } from '../../forecasting/types.js';

describe('forecasting/intervals', () => {
  it('takes 80 % and 95 % intervals from path quantiles around the point', () => {
    const paths = Array.from({ length: 1001 }, (_, p) => Float64Array.of(p / 10));
    const [iv] = stepIntervals(paths, Float64Array.of(50));
    expect(iv).to.deep.equal({ point: 50, lo80: 10, hi80: 90, lo95: 2.5, hi95: 97.5 });
  });

  it('bootstraps residuals with random-walk growth for a model without its own simulation', () => {
    const model: FittedModel = {
      name: 'm',
      nParams: 0,
      aicc: NaN,
      residuals: Float64Array.of(-1, 1),
      forecast: (h) => new Float64Array(h),
    };
    const iv = stepIntervals(samplePaths(model, 9, 4000, seededRandom(1)), new Float64Array(9));
    expect((iv[8]?.hi80 ?? 0) - (iv[8]?.lo80 ?? 0)).to.be.closeTo(3 * ((iv[0]?.hi80 ?? 0) - (iv[0]?.lo80 ?? 0)), 1.5);
  });

  it('clamps paths and points at zero', () => {
    const paths = [Float64Array.of(8, -4), Float64Array.of(12, 6)];
    const point = Float64Array.of(10, -1);
    clampAtZero(paths, point);
    expect(Array.from(paths[0] as Float64Array)).to.deep.equal([8, 0]);
    expect(Array.from(point)).to.deep.equal([10, 0]);
  });
});
