import { expect } from 'chai';
import {
  firstDifferences,
  kpssStatistic,
  seasonalDifferences,
} from '../../../../forecasting/models/arima/unit-root.js';
import { normalSource, seededRandom } from '../../../../forecasting/random.js';

function noise(n: number, seed: number): number[] {
  const normal = normalSource(seededRandom(seed));
  return Array.from({ length: n }, () => normal());
}

describe('forecasting/models/arima/unit-root', () => {
  it('does not difference white noise and differences a random walk once', () => {
    const e = noise(200, 1);
    expect(firstDifferences(e)).to.equal(0);
    let level = 0;
    expect(firstDifferences(e.map((v) => (level += v)))).to.equal(1);
  });

  it('differences an integrated random walk twice', () => {
    let slope = 0;
    let level = 0;
    const y = noise(200, 2).map((v) => (level += slope += v));
    expect(firstDifferences(y)).to.equal(2);
  });

  it('gives a small KPSS statistic for stationary data and a large one for a trend', () => {
    expect(kpssStatistic(noise(200, 3))).to.be.below(0.463);
    expect(kpssStatistic(Array.from({ length: 200 }, (_, t) => t))).to.be.above(0.463);
  });

  it('takes a seasonal difference only for strong seasonality with two full periods', () => {
    const e = noise(120, 4);
    expect(
      seasonalDifferences(
        e.map((v, t) => 10 * Math.sin((2 * Math.PI * t) / 12) + v),
        12,
      ),
    ).to.equal(1);
    expect(seasonalDifferences(e, 12)).to.equal(0);
    expect(seasonalDifferences(e.slice(0, 20), 12)).to.equal(0);
  });
});
