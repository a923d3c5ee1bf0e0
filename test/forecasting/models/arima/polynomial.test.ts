import { expect } from 'chai';
import {
  difference,
  differencingCoefficients,
  expandSeasonal,
  partialsToAr,
  rootsOutside,
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

  it('tells whether every root lies outside a radius, as auto.arima checks at 1.01', () => {
    // 1 − 0.5B has its root at 2; 1 − 0.995B at 1.005; (1 − 0.9B)(1 + 0.9B) = 1 − 0.81B² at ±1.111.
    expect(rootsOutside([0.5], 1.01)).to.equal(true);
    expect(rootsOutside([0.995], 1.01)).to.equal(false);
    expect(rootsOutside([0, 0.81], 1.01)).to.equal(true);
    expect(rootsOutside([0, 0.81], 1.12)).to.equal(false);
    // 1 − 2B + 0.99B² has a root inside the unit circle though its partials from tanh never could.
    expect(rootsOutside([2, -0.99], 1)).to.equal(false);
  });
});
