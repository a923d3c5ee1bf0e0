import { expect } from 'chai';
import { naive2 } from '../../../forecasting/models/naive2.js';
import { multiplicativeIndices } from '../../../forecasting/seasonality.js';
import { referenceCases } from '../reference-cases.js';

describe('forecasting/models/naive2', () => {
  it('repeats the last value of a non-seasonal series', () => {
    const f = naive2
      .fit(
        Float64Array.from({ length: 30 }, (_, t) => 10 + t),
        12,
      )
      .forecast(3);
    expect(Array.from(f)).to.deep.equal([39, 39, 39]);
  });

  it('re-seasonalises the last seasonally adjusted value of a seasonal series (README definition)', () => {
    const c = referenceCases('thetaf AirPassengers')[0];
    if (c === undefined) throw new Error('reference case missing');
    const y = Float64Array.from(c.y);
    const figure = multiplicativeIndices(y, 12);
    const n = y.length;
    const lastAdjusted = (y[n - 1] as number) / (figure[(n - 1) % 12] as number);
    const f = naive2.fit(y, 12).forecast(14);
    for (let h = 0; h < 14; h++) expect(f[h]).to.be.closeTo(lastAdjusted * (figure[(n + h) % 12] as number), 1e-9);
  });
});
