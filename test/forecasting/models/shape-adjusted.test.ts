import { expect } from 'chai';
import { onSeasonalShape } from '../../../forecasting/models/shape-adjusted.js';
import { seededRandom } from '../../../forecasting/random.js';
import type { FittedModel, ModelSpec } from '../../../forecasting/types.js';

/** A level model: its forecast is the last value it saw; it keeps that level when re-filtered. */
const lastValue: ModelSpec = {
  name: 'last',
  fit(y) {
    const model = (values: Float64Array): FittedModel => ({
      name: 'Last value',
      nParams: 0,
      aicc: NaN,
      residuals: Float64Array.from(values.subarray(1), (v, t) => v - (values[t] as number)),
      forecast: (h) => new Float64Array(h).fill(values[values.length - 1] as number),
      refilter: (prefix) => model(prefix),
      forms: { ets: 'ANN' },
    });
    return model(y);
  },
  keeping: (forms) => ({ ...lastValue, name: `last kept ${forms.ets}` }),
};

// January low, December high; the series starts in November (phase 10).
const shape = Float64Array.from({ length: 12 }, (_, c) => (c === 0 ? 0.5 : c === 11 ? 2 : 1));
const phase = 10;
const seasonal = (level: number, n: number) =>
  Float64Array.from({ length: n }, (_, t) => level * (shape[(phase + t) % 12] as number));

describe('forecasting/models/shape-adjusted', () => {
  const spec = onSeasonalShape(lastValue, shape, phase, 'the market');

  it('fits the series with the shape divided out and multiplies it back into the forecast', () => {
    const fitted = spec.fit(seasonal(100, 14), 12);
    expect(spec.name).to.equal('last');
    expect(fitted.name).to.equal('last on the seasonal shape of the market');
    // 14 months from November: the forecast starts in January.
    expect(Array.from(fitted.forecast(3))).to.deep.equal([50, 100, 100]);
    expect(Array.from(fitted.residuals).every((r) => Math.abs(r) < 1e-9)).to.equal(true);
    expect(fitted.forms).to.deep.equal({ ets: 'ANN' });
  });

  it('keeps the calendar when re-filtered on the first months, and in its sample paths', () => {
    const fitted = spec.fit(seasonal(100, 14), 12);
    // Re-filtered on 13 months (to November): the next month is December.
    expect(Array.from(fitted.refilter!(seasonal(100, 13)).forecast(2))).to.deep.equal([200, 50]);
    const noisy = Float64Array.from(seasonal(100, 24), (v, t) => v * (1 + 0.05 * Math.sin(t)));
    const paths = spec.fit(noisy, 12).simulate!(2, 200, seededRandom(1));
    // Step 1 is November, step 2 December: each path's December deviates twice as much, in level terms.
    const mean = (i: number) => paths.reduce((s, p) => s + (p[i] as number), 0) / paths.length;
    expect(mean(1) / mean(0)).to.be.closeTo(2, 0.2);
  });

  it("keeps the inner model's forms on the same shape", () => {
    const kept = spec.keeping!({ ets: 'ANN' });
    expect(kept.name).to.equal('last kept ANN');
    expect(Array.from(kept.fit(seasonal(100, 14), 12).forecast(1))).to.deep.equal([50]);
  });
});
