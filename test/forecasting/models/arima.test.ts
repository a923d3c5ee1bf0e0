import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { samplePaths, stepIntervals } from '../../../forecasting/intervals.js';
import { arimaPath, fitArima, refineArima, type ArimaOrder } from '../../../forecasting/models/arima/arima-fit.js';
import { autoArima, fixedArima } from '../../../forecasting/models/arima/auto-arima.js';
import { normalSource, seededRandom } from '../../../forecasting/random.js';
import { maxRelativeError } from '../reference-cases.js';

interface ArimaCase {
  name: string;
  r: string;
  frequency: number;
  h: number;
  y: number[];
  order: Omit<ArimaOrder, 'm'>;
  coef: Record<string, number>;
  mean: number[];
  lo95: number[];
  hi95: number[];
}
const cases = (
  JSON.parse(readFileSync(new URL('../../cases/arima-r-reference.json', import.meta.url), 'utf8')) as {
    cases: ArimaCase[];
  }
).cases;

/** Simulates ARIMA(1,0,0)(0,0,0) or (0,1,1) style series for recovery tests. */
function simulate(
  n: number,
  seed: number,
  step: (e: number, t: number, y: Float64Array, e1: number) => number,
): Float64Array {
  const normal = normalSource(seededRandom(seed));
  const y = new Float64Array(n);
  let previousError = 0;
  for (let t = 0; t < n; t++) {
    const e = normal();
    y[t] = step(e, t, y, previousError);
    previousError = e;
  }
  return y;
}

describe('forecasting/models/arima', () => {
  // Exact ML by our own optimiser lands within a small distance of R's optimum: points within 0.5 %,
  // 95 % interval widths (from 20,000 simulated paths against R's analytic ones) within 5 %.
  for (const c of cases) {
    it(`matches R's Arima() forecasts of a fixed order: ${c.name}`, () => {
      const spec = fixedArima({ ...c.order, m: c.frequency });
      const model = spec.fit(Float64Array.from(c.y), c.frequency);
      const point = model.forecast(c.h);
      expect(maxRelativeError(point, c.mean)).to.be.below(0.005);
      const iv = stepIntervals(samplePaths(model, c.h, 20000, seededRandom(5)), point);
      const width = iv.map((v) => v.hi95 - v.lo95);
      expect(
        maxRelativeError(
          width,
          c.hi95.map((hi, i) => hi - (c.lo95[i] as number)),
        ),
      ).to.be.below(0.05);
    });
  }

  it('recovers phi = 0.6 and the mean from an AR(1) series of 500 points', () => {
    const y = simulate(500, 11, (e, t, s) => 10 + 0.6 * ((t > 0 ? (s[t - 1] as number) : 10) - 10) + e);
    const order: ArimaOrder = { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: true };
    const fit = refineArima(
      fitArima(y, order) ??
        (() => {
          throw new Error('no fit');
        })(),
    );
    expect(fit.ar[0]).to.be.closeTo(0.6, 0.08);
    expect(fit.mu).to.be.closeTo(10, 0.3);
  });

  it('recovers theta = -0.5 from an ARIMA(0,1,1) series of 500 points', () => {
    const y = simulate(500, 12, (e, t, s, e1) => (t > 0 ? (s[t - 1] as number) : 0) + e - 0.5 * e1);
    const order: ArimaOrder = { p: 0, d: 1, q: 1, P: 0, D: 0, Q: 0, m: 1, constant: false };
    const fit = refineArima(
      fitArima(y, order) ??
        (() => {
          throw new Error('no fit');
        })(),
    );
    expect(fit.ma[0]).to.be.closeTo(-0.5, 0.08);
  });

  it('chooses one difference and an MA(1) for a simulated ARIMA(0,1,1) series', () => {
    const y = simulate(300, 13, (e, t, s, e1) => 100 + (t > 0 ? (s[t - 1] as number) - 100 : 0) + e + 0.6 * e1);
    const model = autoArima.fit(y, 1);
    expect(model.name).to.match(/^ARIMA\(\d,1,[1-3]\)/);
    const fit = fitArima(y, { p: 0, d: 1, q: 1, P: 0, D: 0, Q: 0, m: 1, constant: false });
    expect(arimaPath(fit as NonNullable<typeof fit>, 3, () => 0)).to.have.length(3);
  });

  it('chooses a seasonal difference for a strongly seasonal monthly series', () => {
    const y = simulate(120, 14, (e, t) => 100 + 20 * Math.sin((2 * Math.PI * t) / 12) + 2 * e);
    expect(autoArima.fit(y, 12).name).to.match(/\(\d,1,\d\)\[12\]/);
  });

  it('widens its intervals with the horizon', () => {
    const c = cases[0] as ArimaCase;
    const model = autoArima.fit(Float64Array.from(c.y), 12);
    const point = model.forecast(24);
    const iv = stepIntervals(samplePaths(model, 24, 2000, seededRandom(3)), point);
    expect((iv[23]?.hi95 ?? 0) - (iv[23]?.lo95 ?? 0)).to.be.above((iv[0]?.hi95 ?? 0) - (iv[0]?.lo95 ?? 0));
  });

  it('refuses a series too short to fit', () => {
    expect(() => autoArima.fit(Float64Array.from([1, 2, 3]), 12)).to.throw(/values: auto ARIMA needs at least 8/);
  });
});
