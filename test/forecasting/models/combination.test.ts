import { expect } from 'chai';
import { combination, combineFitted } from '../../../forecasting/models/combination.js';
import { seededRandom } from '../../../forecasting/random.js';
import type { FittedModel } from '../../../forecasting/types.js';

/** A model with a flat forecast `level` whose paths are level + k·spread for k spread evenly in [-1, 1]. */
function flat(level: number, spread: number): FittedModel {
  return {
    name: `flat ${level}`,
    nParams: 1,
    aicc: NaN,
    residuals: new Float64Array([0, 0]),
    forecast: (h) => new Float64Array(h).fill(level),
    simulate: (h, paths) =>
      Array.from({ length: paths }, (_, p) => new Float64Array(h).fill(level + spread * ((2 * p) / (paths - 1) - 1))),
  };
}

describe('forecasting/models/combination', () => {
  it('averages point forecasts (mean) or takes their median', () => {
    const models = [flat(10, 1), flat(20, 1), flat(60, 1)];
    expect(combineFitted(models, 'mean').forecast(2)[0]).to.equal(30);
    expect(combineFitted(models, 'median').forecast(2)[0]).to.equal(20);
  });

  it("mixes the members' paths, so the spread includes their disagreement, centred on the combined point", () => {
    const combined = combineFitted([flat(10, 2), flat(20, 4)], 'mean');
    const paths = combined.simulate?.(1, 202, seededRandom(1)) ?? [];
    const values = paths.map((p) => p[0] as number).sort((a, b) => a - b);
    expect(values[0]).to.be.closeTo(8, 1e-9);
    expect(values.at(-1)).to.be.closeTo(24, 1e-9);
    expect(values.reduce((s, v) => s + v, 0) / values.length).to.be.closeTo(15, 1e-9);
  });

  it("centres each member's paths on its own point by their median: one explosive path moves no other", () => {
    // A short series' model can draw one path far out (92 million six months ahead, where the point is 14,224).
    const explosive: FittedModel = {
      ...flat(100, 10),
      simulate: (h, paths) => flat(100, 10).simulate!(h, paths, Math.random).map((p, i) => (i === 0 ? p.fill(1e9) : p)),
    };
    const paths = combineFitted([flat(100, 10), explosive], 'mean').simulate?.(1, 1000, seededRandom(1)) ?? [];
    const values = paths.map((p) => p[0] as number).sort((a, b) => a - b);
    // The 2.5 % and 97.5 % quantiles stay within the members' own spread around 100.
    expect(values[25]).to.be.within(90, 100);
    expect(values[974]).to.be.within(100, 110);
    expect(values.at(-1)).to.be.closeTo(1e9, 1);
  });

  it("keeps each path on one member's path across months (its dependence for year totals)", () => {
    const combined = combineFitted([flat(10, 2), flat(20, 4)], 'mean');
    for (const path of combined.simulate?.(3, 11, seededRandom(1)) ?? []) {
      expect(path[0]).to.equal(path[1]);
      expect(path[1]).to.equal(path[2]);
    }
  });

  it('leaves out a member that cannot fit and fails only when none can', () => {
    const failing = {
      name: 'never',
      fit: (): FittedModel => {
        throw new Error('no');
      },
    };
    const ok = { name: 'ok', fit: (): FittedModel => flat(5, 1) };
    expect(combination('c', [failing, ok], 'mean').fit(new Float64Array(3), 12).forecast(1)[0]).to.equal(5);
    expect(() => combination('c', [failing], 'mean').fit(new Float64Array(3), 12)).to.throw(
      /values: no member of c could fit/,
    );
  });

  it('names a member that is itself a combination by its method name, also after a re-filter', () => {
    const refiltering = (level: number): FittedModel => ({ ...flat(level, 1), refilter: () => refiltering(level) });
    const spec = (level: number) => ({ name: `m${level}`, fit: (): FittedModel => refiltering(level) });
    const inner = combination('inner', [spec(1), spec(2)], 'mean');
    const outer = combination('outer', [inner, spec(3)], 'mean').fit(new Float64Array(3), 12);
    expect(inner.fit(new Float64Array(3), 12).name).to.equal('Mean of flat 1, flat 2');
    expect(outer.name).to.equal('Mean of inner, flat 3');
    expect(outer.refilter?.(new Float64Array(2)).name).to.equal('Mean of inner, flat 3');
  });
});
