import { expect } from 'chai';
import { samplePaths, stepIntervals } from '../../../forecasting/intervals.js';
import { snaive } from '../../../forecasting/models/snaive.js';
import { seededRandom } from '../../../forecasting/random.js';
import { referenceCases } from '../reference-cases.js';

describe('forecasting/models/snaive', () => {
  for (const c of referenceCases('snaive')) {
    it(`matches R's point forecasts exactly: ${c.name}`, () => {
      const f = snaive.fit(Float64Array.from(c.y), c.frequency).forecast(c.h);
      expect(Array.from(f)).to.deep.equal(c.mean);
    });
  }

  it('widens its intervals with each further year of the horizon', () => {
    const c = referenceCases('snaive')[0];
    if (c === undefined) throw new Error('reference case missing');
    const model = snaive.fit(Float64Array.from(c.y), 12);
    const iv = stepIntervals(samplePaths(model, 36, 2000, seededRandom(1)), model.forecast(36));
    const width = (i: number): number => (iv[i]?.hi95 ?? NaN) - (iv[i]?.lo95 ?? NaN);
    expect(width(12)).to.be.above(width(0));
    expect(width(24)).to.be.above(width(12));
  });

  it('refuses a series shorter than one period', () => {
    expect(() => snaive.fit(new Float64Array(11).fill(1), 12)).to.throw(/at least 12 values/);
  });
});
