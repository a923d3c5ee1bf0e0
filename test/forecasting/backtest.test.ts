import { expect } from 'chai';
import { backtest } from '../../forecasting/backtest.js';

describe('forecasting/backtest', () => {
  const seasonal = Array.from({ length: 60 }, (_, t) => 100 + 20 * Math.sin((2 * Math.PI * t) / 12));

  it('scores a perfect method as perfect: seasonal naive on an exactly repeating series', () => {
    const result = backtest(seasonal, { method: 'snaive', horizon: 6, origins: 4, paths: 200 });
    expect(result.origins).to.equal(4);
    expect(result.smape).to.be.closeTo(0, 1e-9);
    expect(result.perHorizon.map((h) => h.h)).to.deep.equal([1, 2, 3, 4, 5, 6]);
  });

  it('reports sMAPE, MASE and coverage per horizon with the number of forecasts scored', () => {
    const noisy = seasonal.map((v, t) => v * (1 + 0.1 * Math.sin(t * 12.9898)));
    const result = backtest(noisy, { method: 'theta', horizon: 12, origins: 6, step: 2, paths: 300 });
    const first = result.perHorizon[0];
    expect(first?.n).to.equal(6);
    expect(result.perHorizon.at(-1)?.n).to.be.below(6);
    expect(result.mase).to.be.above(0);
    for (const h of result.perHorizon) {
      expect(h.coverage80).to.be.within(0, 1);
      expect(h.coverage95).to.be.at.least(h.coverage80);
    }
  });

  it('skips months without a figure and refuses a history too short to test', () => {
    const withGap = [...seasonal];
    withGap[58] = NaN;
    expect(
      backtest(withGap, { method: 'snaive', horizon: 3, origins: 2, paths: 100 }).perHorizon.reduce(
        (s, h) => s + h.n,
        0,
      ),
    ).to.be.below(2 * 3);
    expect(() => backtest(seasonal.slice(0, 20), { method: 'snaive' })).to.throw(
      /values: a backtest needs at least 25 months/,
    );
  });
});
