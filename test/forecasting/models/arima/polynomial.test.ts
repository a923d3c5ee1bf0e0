import { expect } from 'chai';
import {
  difference,
  differencingCoefficients,
  expandSeasonal,
  partialsToAr,
} from '../../../../forecasting/models/arima/polynomial.js';

describe('forecasting/models/arima/polynomial', () => {
  it('maps one partial autocorrelation to the AR(1) coefficient tanh(u)', () => {
    expect(partialsToAr([0.5])[0]).to.be.closeTo(Math.tanh(0.5), 1e-15);
  });

  it('maps two partials by Durbin–Levinson: phi1 = r1(1 − r2), phi2 = r2', () => {
    const [r1, r2] = [Math.tanh(0.4), Math.tanh(-0.3)];
    const phi = partialsToAr([0.4, -0.3]);
    expect(phi[0]).to.be.closeTo(r1 * (1 - r2), 1e-15);
    expect(phi[1]).to.be.closeTo(r2, 1e-15);
  });

  it('multiplies out (1 − aB)(1 − sB^12) into AR coefficients a, s and −a·s at lag 13', () => {
    const c = expandSeasonal([0.5], [0.4], 12);
    expect(c.length).to.equal(13);
    expect(c[0]).to.equal(0.5);
    expect(c[11]).to.equal(0.4);
    expect(c[12]).to.be.closeTo(-0.2, 1e-15);
  });

  it('undoes (1 − B)(1 − B^12) with y_t = w_t + Σ δ_i y_{t−i}', () => {
    const y = Array.from({ length: 40 }, (_, t) => t * t + 10 * Math.sin(t));
    const w = difference(y, 1, 1, 12);
    const delta = differencingCoefficients(1, 1, 12);
    expect(Array.from(delta, (v) => v + 0)).to.deep.equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1]);
    const t = 39;
    let rebuilt = w[t - 13] as number;
    for (let i = 0; i < delta.length; i++) rebuilt += (delta[i] as number) * (y[t - 1 - i] as number);
    expect(rebuilt).to.be.closeTo(y[t] as number, 1e-9);
  });
});
