import { expect } from 'chai';
import { findMethod } from '../../../forecasting/models/index.js';
import type { FittedModel } from '../../../forecasting/types.js';

/** Six years of a trending seasonal series with a fixed pseudo-random wobble. */
const y = Float64Array.from(
  { length: 72 },
  (_, t) => 500 * 1.008 ** t * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.04 * Math.sin(t * 12.9898)),
);

function fitted(name: string): FittedModel {
  const spec = findMethod(name);
  if (spec === undefined) throw new Error(`no method ${name}`);
  return spec.fit(y, 12);
}

/** Models whose one-step errors depend only on the months before: a filter over a prefix repeats them. */
const causal = ['ets', 'arima', 'theta', 'dotm', 'comb4'];

describe('FittedModel.refilter (parameters held, filter re-run)', () => {
  for (const name of [...causal, 'yoy-growth', 'comb']) {
    it(`${name}: re-running the filter over the whole series gives back the fit's forecast`, () => {
      const model = fitted(name);
      expect(model.refilter, 'refilter').to.be.a('function');
      const again = (model.refilter as (y: Float64Array) => FittedModel)(y);
      expect(Array.from(again.forecast(18))).to.deep.equal(Array.from(model.forecast(18)));
      expect(again.name).to.equal(model.name);
    });
  }

  for (const name of causal) {
    it(`${name}: over the first 50 months it repeats the fit's one-step errors there and forecasts from month 51`, () => {
      const model = fitted(name);
      const prefix = (model.refilter as (y: Float64Array) => FittedModel)(y.subarray(0, 50));
      const lag = model.residuals.length - prefix.residuals.length;
      expect(lag).to.equal(72 - 50);
      prefix.residuals.forEach((r, t) => expect(r).to.be.closeTo(model.residuals[t] as number, 1e-6 * 500));
      const point = prefix.forecast(3);
      expect(point.length).to.equal(3);
      // From month 51 the forecast follows the series, not the months after the whole fit's end.
      expect(Math.abs((point[0] as number) - (y[50] as number)) / (y[50] as number)).to.be.below(0.1);
    });
  }

  it('is left out where nothing is estimated (seasonal naive), so a backtest fits such a model again', () => {
    expect(fitted('snaive').refilter).to.equal(undefined);
  });
});
