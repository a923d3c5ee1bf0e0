import { expect } from 'chai';
import { samplePaths, stepIntervals } from '../../../forecasting/intervals.js';
import { fitSes, theta } from '../../../forecasting/models/theta.js';
import { normalSource, seededRandom } from '../../../forecasting/random.js';
import { maxRelativeError, referenceCases } from '../reference-cases.js';

describe('forecasting/models/theta', () => {
  // Points: R optimises with Nelder–Mead, we solve the SES least squares exactly, so allow 1e-4 relative.
  for (const c of referenceCases('thetaf')) {
    it(`matches R's point forecasts within 1e-4: ${c.name}`, () => {
      const f = theta.fit(Float64Array.from(c.y), c.frequency).forecast(c.h);
      expect(maxRelativeError(f, c.mean)).to.be.below(1e-4);
    });
  }

  // R adds seasonally adjusted standard errors to seasonal forecasts; our paths scale errors with the
  // season, so intervals are compared with R only where the test finds no seasonality (3 % for 20,000 paths).
  for (const c of referenceCases('thetaf').filter((c) => c.name.includes('not seasonal') || c.frequency === 1)) {
    it(`matches R's interval widths within 3 % on a non-seasonal series: ${c.name}`, () => {
      const model = theta.fit(Float64Array.from(c.y), c.frequency);
      const point = model.forecast(c.h);
      const iv = stepIntervals(samplePaths(model, c.h, 20000, seededRandom(7)), point);
      const width95 = iv.map((v) => v.hi95 - v.lo95);
      const width80 = iv.map((v) => v.hi80 - v.lo80);
      expect(
        maxRelativeError(
          width95,
          c.hi95.map((hi, i) => hi - (c.lo95[i] as number)),
        ),
      ).to.be.below(0.03);
      expect(
        maxRelativeError(
          width80,
          c.hi80.map((hi, i) => hi - (c.lo80[i] as number)),
        ),
      ).to.be.below(0.03);
    });
  }

  const cases = [
    { alpha: 0.2, seed: 1 },
    { alpha: 0.5, seed: 2 },
    { alpha: 0.8, seed: 3 },
  ];
  for (const { alpha, seed } of cases) {
    it(`recovers alpha = ${alpha} from 400 points simulated from SES`, () => {
      const normal = normalSource(seededRandom(seed));
      const y = new Float64Array(400);
      let level = 100;
      for (let t = 0; t < y.length; t++) {
        const e = 5 * normal();
        y[t] = level + e;
        level += alpha * e;
      }
      expect(fitSes(y).alpha).to.be.closeTo(alpha, 0.1);
    });
  }

  it('refuses a series with fewer than 3 values, naming the field', () => {
    expect(() => theta.fit(Float64Array.from([1, 2]), 12)).to.throw(/values: theta needs at least 3/);
  });
});
