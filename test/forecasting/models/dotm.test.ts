import { expect } from 'chai';
import { samplePaths, stepIntervals } from '../../../forecasting/intervals.js';
import { dotm } from '../../../forecasting/models/dotm.js';
import { normalSource, seededRandom } from '../../../forecasting/random.js';

describe('forecasting/models/dotm', () => {
  it('follows a straight line exactly (the dynamic trend line is the least-squares line)', () => {
    const y = Float64Array.from({ length: 40 }, (_, t) => 50 + 2 * t);
    const f = dotm.fit(y, 12).forecast(6);
    for (let h = 0; h < 6; h++) expect(f[h]).to.be.closeTo(50 + 2 * (40 + h), 0.5);
  });

  it('forecasts the level of white noise with a one-step interval of about ±1.96σ', () => {
    const normal = normalSource(seededRandom(21));
    const y = Float64Array.from({ length: 200 }, () => 100 + 5 * normal());
    const model = dotm.fit(y, 1);
    const f = model.forecast(12);
    expect(f[0]).to.be.closeTo(100, 3);
    const iv = stepIntervals(samplePaths(model, 12, 4000, seededRandom(2)), f);
    expect((iv[0]?.hi95 ?? 0) - (iv[0]?.lo95 ?? 0)).to.be.closeTo(2 * 1.96 * 5, 2.5);
  });

  it('widens its intervals with the horizon on a wandering series', () => {
    const normal = normalSource(seededRandom(22));
    let level = 100;
    const y = Float64Array.from({ length: 200 }, () => (level += 3 * normal()) + normal());
    const model = dotm.fit(y, 1);
    const iv = stepIntervals(samplePaths(model, 12, 4000, seededRandom(2)), model.forecast(12));
    expect((iv[11]?.hi95 ?? 0) - (iv[11]?.lo95 ?? 0)).to.be.above(1.5 * ((iv[0]?.hi95 ?? 0) - (iv[0]?.lo95 ?? 0)));
  });

  it('names its estimated theta and refuses fewer than 4 values', () => {
    expect(dotm.fit(Float64Array.from([1, 3, 2, 4, 3, 5]), 12).name).to.match(/^DOTM\(θ=\d+\.\d\d\)$/);
    expect(() => dotm.fit(Float64Array.from([1, 2, 3]), 12)).to.throw(/values: dotm needs at least 4/);
  });
});
