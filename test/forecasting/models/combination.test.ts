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
    simulate: (h, paths) => Array.from({ length: paths }, (_, p) => new Float64Array(h).fill(level + spread * (2 * p / (paths - 1) - 1))),
  };
}

describe('forecasting/models/combination', () => {
  it('averages point forecasts (mean) or takes their median', () => {
    const models = [flat(10, 1), flat(20, 1), flat(60, 1)];
    expect(combineFitted(models, 'mean').forecast(2)[0]).to.equal(30);
    expect(combineFitted(models, 'median').forecast(2)[0]).to.equal(20);
  });

  it("gives paths the members' average spread (quantile averaging), centred on the combined point", () => {
    const combined = combineFitted([flat(10, 2), flat(20, 4)], 'mean');
    const paths = combined.simulate?.(1, 101, seededRandom(1)) ?? [];
    const values = paths.map((p) => p[0] as number).sort((a, b) => a - b);
    expect(values[0]).to.be.closeTo(15 - 3, 1e-9);
    expect(values[100]).to.be.closeTo(15 + 3, 1e-9);
    expect(values[50]).to.be.closeTo(15, 1e-9);
  });

  it("keeps the first member's ordering of paths (its dependence across months)", () => {
    const combined = combineFitted([flat(10, 2), flat(20, 4)], 'mean');
    const paths = combined.simulate?.(3, 11, seededRandom(1)) ?? [];
    // The first member's path p is highest at every step for the same p, so the combined path is too.
    for (const path of paths) expect(path[0]).to.equal(path[2]);
  });

  it('leaves out a member that cannot fit and fails only when none can', () => {
    const failing = { name: 'never', fit: (): FittedModel => { throw new Error('no'); } };
    const ok = { name: 'ok', fit: (): FittedModel => flat(5, 1) };
    expect(combination('c', [failing, ok], 'mean').fit(new Float64Array(3), 12).forecast(1)[0]).to.equal(5);
    expect(() => combination('c', [failing], 'mean').fit(new Float64Array(3), 12)).to.throw(/values: no member of c could fit/);
  });
});
