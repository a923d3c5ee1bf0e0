import { expect } from 'chai';
import { samplePaths, stepIntervals } from '../../../forecasting/intervals.js';
import { GROWTH_DAMPING, yoyGrowth, yoyGrowthModel } from '../../../forecasting/models/yoy-growth.js';
import { seededRandom } from '../../../forecasting/random.js';

const season = (t: number): number => 1 + 0.3 * Math.sin((2 * Math.PI * t) / 12);

describe('forecasting/models/yoy-growth', () => {
  it('recovers a steady 20 % YoY growth and damps it toward zero over the horizon', () => {
    const y = Float64Array.from({ length: 36 }, (_, t) => 100 * 1.2 ** (t / 12) * season(t));
    const f = yoyGrowth.fit(y, 12).forecast(24);
    const g = Math.log(1.2);
    for (let i = 0; i < 12; i++)
      expect(f[i]).to.be.closeTo((y[24 + i] as number) * Math.exp(g * GROWTH_DAMPING ** (i + 1)), 1e-9);
    // The second year grows on the first year's forecast, by a smaller rate.
    expect((f[12] as number) / (f[0] as number)).to.be.below(1.2);
    expect((f[12] as number) / (f[0] as number)).to.be.above(1);
  });

  it('uses the ratio of twelve-month totals when too few months are positive, as with zeros', () => {
    const y = Float64Array.from({ length: 36 }, (_, t) => (t % 12 < 8 ? 0 : 10 * 2 ** Math.floor(t / 12)));
    const f = yoyGrowth.fit(y, 12).forecast(12);
    expect(f[0]).to.equal(0);
    expect(f[8]).to.be.closeTo(40 * Math.exp(Math.log(2) * GROWTH_DAMPING ** 9), 1e-9);
  });

  it('caps an absurd growth rate at ten-fold', () => {
    const y = Float64Array.from({ length: 24 }, (_, t) => (t < 12 ? 1 : 1e6));
    const f = yoyGrowth.fit(y, 12).forecast(1);
    expect((f[0] as number) / 1e6).to.be.at.most(10);
  });

  it('forecasts a flat recent level for a series under thirteen months', () => {
    const f = yoyGrowth.fit(Float64Array.from([5, 6, 7, 8, 9]), 12).forecast(3);
    expect(Array.from(f)).to.deep.equal([8, 8, 8]);
  });

  it('moves the months of a path together (one growth draw per path), so year totals are wider than independent months', () => {
    const y = Float64Array.from(
      { length: 36 },
      (_, t) => 100 * 1.1 ** (t / 12) * season(t) * (1 + 0.05 * Math.sin(t * 7.7)),
    );
    const model = yoyGrowth.fit(y, 12);
    const paths = samplePaths(model, 12, 4000, seededRandom(9));
    const totals = paths.map((p) => p.reduce((s, v) => s + v, 0));
    const mean = totals.reduce((s, v) => s + v, 0) / totals.length;
    const sdTotal = Math.sqrt(totals.reduce((s, v) => s + (v - mean) ** 2, 0) / totals.length);
    const iv = stepIntervals(paths, model.forecast(12));
    const sdSumIndependent = Math.sqrt(iv.reduce((s, v) => s + ((v.hi80 - v.lo80) / 2.563) ** 2, 0));
    expect(sdTotal).to.be.above(sdSumIndependent);
  });
});

describe('forecasting/models/yoy-growth with a mask of actual figures', () => {
  it('takes the growth rate from pairs of actual figures only, ignoring filled months', () => {
    // Actual figures grow 50 % a year; the filled months (mask 0) would suggest a different rate.
    const y = Float64Array.from({ length: 30 }, (_, t) => 100 * 1.5 ** (t / 12));
    const observed = new Uint8Array(30).fill(1);
    for (let t = 20; t < 26; t++) {
      y[t] = 1;
      observed[t] = 0;
    }
    const f = yoyGrowthModel(observed).fit(y, 12).forecast(1);
    expect(f[0]).to.be.closeTo((y[18] as number) * Math.exp(Math.log(1.5) * GROWTH_DAMPING), 1e-6);
  });
});
