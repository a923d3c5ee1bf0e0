import { expect } from 'chai';
import { backtest, backtestFit, type WholeFit } from '../../forecasting/backtest.js';
import { prepareSeries } from '../../forecasting/gaps.js';
import { chooseMethod } from '../../forecasting/select.js';

function wholeFit(values: readonly number[], method: string): WholeFit {
  const series = prepareSeries(values);
  const choice = chooseMethod(method, series);
  return { choice, model: choice.spec.fit(series.y, 12), series };
}

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

  describe('backtestFit (the fit of the whole series, its filter re-run up to each origin)', () => {
    const noisy = seasonal.map((v, t) => v * (1.004 ** t + 0.05 * Math.sin(t * 12.9898)));

    it('fits again at each origin a model with no filter to re-run, scoring exactly as the re-estimating backtest', () => {
      const options = { method: 'snaive', horizon: 6, origins: 5, paths: 200 };
      const fitted = backtestFit(noisy, wholeFit(noisy, 'snaive'), options);
      expect(fitted.reason).to.equal(null);
      expect(fitted.summary).to.deep.equal(backtest(noisy, options));
    });

    it('re-filters the default combination at every origin and scores each horizon', () => {
      const fit = wholeFit(noisy, 'auto');
      const outcome = backtestFit(noisy, fit, { method: 'auto', horizon: 12, paths: 200 });
      expect(fit.model.refilter).to.be.a('function');
      expect(outcome.summary?.origins).to.equal(8);
      expect(outcome.summary?.perHorizon[0]?.n).to.equal(8);
      expect(outcome.summary?.mase).to.be.above(0).and.below(3);
      expect(outcome.summary?.coverage95).to.be.within(outcome.summary?.coverage80 ?? 1, 1);
    });

    it('says why there is none, without throwing, when the history is too short', () => {
      const outcome = backtestFit(seasonal.slice(0, 20), wholeFit(seasonal.slice(0, 20), 'snaive'), {});
      expect(outcome.summary).to.equal(null);
      expect(outcome.reason).to.match(/needs 25 months from the first figure to the last; this series spans 20/);
    });

    it('says why there is none when no origin has a figure: four figures spread over 28 months', () => {
      const sparse = Array.from({ length: 28 }, (_, t) => ([0, 4, 6, 27].includes(t) ? 3000 + 1400 * t : NaN));
      const outcome = backtestFit(sparse, wholeFit(sparse, 'auto'), {});
      expect(outcome.summary).to.equal(null);
      expect(outcome.reason).to.match(/none of the 8 backtest origins .* has an actual figure/);
    });
  });
});
