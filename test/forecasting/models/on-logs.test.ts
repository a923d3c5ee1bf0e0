import { expect } from 'chai';
import { dotm } from '../../../forecasting/models/dotm.js';
import { onLogs } from '../../../forecasting/models/on-logs.js';
import { theta } from '../../../forecasting/models/theta.js';
import { seededRandom } from '../../../forecasting/random.js';

/** Five years growing 3 % a month with a little noise: a percentage growth, not a straight line. */
const growing = Float64Array.from({ length: 60 }, (_, t) => 100 * 1.03 ** t * (1 + 0.01 * Math.sin(t * 1.7)));

describe('forecasting/models/on-logs', () => {
  it('follows a percentage growth more closely than the model on the figures, which draws a straight line', () => {
    const truth = 100 * 1.03 ** 71;
    const onFigures = theta.fit(growing, 12).forecast(12)[11] as number;
    const fit = onLogs(theta).fit(growing, 12);
    expect(fit.name).to.equal('Theta on logs');
    const logged = fit.forecast(12)[11] as number;
    // Theta halves the drift either way; on logs what it halves is a growth rate.
    expect(Math.abs(logged - truth)).to.be.below(0.75 * Math.abs(onFigures - truth));
    expect(logged).to.be.above(onFigures);
  });

  it('gives residuals, paths and re-filtered fits on the scale of the figures', () => {
    const inner = theta.fit(Float64Array.from(growing, Math.log), 12);
    const fit = onLogs(theta).fit(growing, 12);
    const offset = growing.length - inner.residuals.length;
    inner.residuals.forEach((e, i) => {
      const y = growing[offset + i] as number;
      expect(fit.residuals[i]).to.be.closeTo(y - Math.exp(Math.log(y) - e), 1e-9 * y);
    });
    const paths = fit.simulate!(6, 50, seededRandom(3));
    expect(paths.every((p) => p.every((v) => v > 0))).to.equal(true);
    const origin = fit.refilter!(growing.slice(0, 48));
    expect(origin.name).to.equal('Theta on logs');
    expect(origin.forecast(1)[0] as number).to.be.closeTo(growing[48] as number, 0.05 * (growing[48] as number));
  });

  it('forecasts the same figures in any units: GWh, MWh or TWh', () => {
    // Seasonal (a February low, a December high) and growing, between about 2 and 9 in the base units:
    // logs near zero, where a decomposition of the logs themselves would depend on the units.
    const seasonal = Float64Array.from(
      { length: 72 },
      (_, t) => 3 * 1.015 ** t * (t % 12 === 1 ? 0.6 : t % 12 === 11 ? 1.4 : 1) * (1 + 0.03 * Math.sin(t * 2.3)),
    );
    for (const spec of [theta, dotm]) {
      const base = onLogs(spec).fit(seasonal, 12).forecast(18);
      for (const units of [1000, 0.001]) {
        const scaled = onLogs(spec).fit(
          Float64Array.from(seasonal, (v) => v * units),
          12,
        );
        scaled.forecast(18).forEach((v, i) => {
          const expected = (base[i] as number) * units;
          expect(v, `${spec.name} ×${units}, step ${i + 1}`).to.be.closeTo(expected, 1e-9 * expected);
        });
      }
    }
  });

  it('fits a series with a zero or a negative figure as it is', () => {
    const withZero = growing.slice();
    withZero[10] = 0;
    expect(onLogs(theta).fit(withZero, 12).name).to.equal('Theta');
  });
});
