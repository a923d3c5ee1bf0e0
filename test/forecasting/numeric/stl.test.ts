import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { stl } from '../../../forecasting/numeric/stl.js';

/** AirPassengers and R's mstl() of it (R 4.2.2, forecast 8.20: stl with s.window = 11), first five values. */
const R_SEASONAL = [-16.97707, -17.17763, 7.520942, -1.154334, -3.776123];
const R_TREND = [123.1451, 123.7251, 124.3051, 124.8851, 125.5981];
const R_STRENGTH = 0.9406725;

function airPassengers(): Float64Array {
  const doc = JSON.parse(readFileSync(new URL('../../cases/arima-r-reference.json', import.meta.url), 'utf8')) as {
    cases: { name: string; y: number[] }[];
  };
  const logged = doc.cases.find((c) => c.name.includes('AirPassengers'));
  if (logged === undefined) throw new Error('AirPassengers case missing');
  return Float64Array.from(logged.y, (v) => Math.round(Math.exp(v)));
}

describe('forecasting/numeric/stl', () => {
  it("matches R's stl(s.window = 11) on AirPassengers, as forecast's mstl calls it", () => {
    const y = airPassengers();
    const { seasonal, trend, remainder } = stl(y, 12, { sWindow: 11 });
    R_SEASONAL.forEach((v, i) => expect(seasonal[i]).to.be.closeTo(v, 1e-4));
    R_TREND.forEach((v, i) => expect(trend[i]).to.be.closeTo(v, 1e-3));
    remainder.forEach((e, t) =>
      expect(e + (seasonal[t] as number) + (trend[t] as number)).to.be.closeTo(y[t] as number, 1e-9),
    );
    const variance = (a: ArrayLike<number>): number => {
      const m = Array.from(a).reduce((s, v) => s + v, 0) / a.length;
      return Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0);
    };
    const strength = 1 - variance(remainder) / variance(remainder.map((e, t) => e + (seasonal[t] as number)));
    expect(strength).to.be.closeTo(R_STRENGTH, 1e-6);
  });

  it('refuses a series of two periods or less', () => {
    expect(() => stl(new Float64Array(24), 12, { sWindow: 11 })).to.throw('more than two periods');
  });
});
