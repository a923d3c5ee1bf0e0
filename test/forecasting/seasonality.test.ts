import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { additiveEffects, isSeasonal, multiplicativeIndices, seasonalAdjuster } from '../../forecasting/seasonality.js';
import { maxRelativeError } from './reference-cases.js';

interface DecomposeCase {
  name: string;
  r: string;
  y: number[];
  figure: number[];
}
const cases = (
  JSON.parse(readFileSync(new URL('../cases/decompose-r-reference.json', import.meta.url), 'utf8')) as {
    cases: DecomposeCase[];
  }
).cases;

describe('forecasting/seasonality', () => {
  for (const c of cases) {
    it(`matches R's multiplicative decompose figure within 1e-12: ${c.name}`, () => {
      expect(maxRelativeError(multiplicativeIndices(c.y, 12), c.figure)).to.be.below(1e-12);
    });
  }

  const table = [
    {
      name: 'a strongly seasonal series',
      y: Array.from({ length: 60 }, (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 12) + (t % 5)),
      seasonal: true,
    },
    { name: 'a straight line', y: Array.from({ length: 60 }, (_, t) => 10 + t), seasonal: false },
    { name: 'a constant series', y: new Array<number>(60).fill(5), seasonal: false },
    {
      name: 'a seasonal series of only two years (the test needs n > 24)',
      y: Array.from({ length: 24 }, (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 12)),
      seasonal: false,
    },
  ];
  for (const row of table) {
    it(`says ${row.seasonal ? 'seasonal' : 'not seasonal'} for ${row.name}`, () => {
      expect(isSeasonal(row.y, 12)).to.equal(row.seasonal);
    });
  }
});

describe('forecasting/seasonality seasonalAdjuster', () => {
  const seasonalWithZeros = Array.from({ length: 60 }, (_, t) =>
    t % 12 < 3 ? 0 : 50 + 30 * Math.sin((2 * Math.PI * t) / 12) + (t % 7),
  );

  it('adjusts a positive seasonal series multiplicatively and restores it exactly', () => {
    const y = Array.from({ length: 60 }, (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 12) + (t % 5));
    const adjuster = seasonalAdjuster(y, 12);
    expect(adjuster.kind).to.equal('multiplicative');
    expect(adjuster.restore(adjuster.adjust(123, 7), 7)).to.be.closeTo(123, 1e-9);
  });

  it('adjusts additively when the series has zeros, where multiplicative indices collapse', () => {
    const adjuster = seasonalAdjuster(seasonalWithZeros, 12);
    expect(adjuster.kind).to.equal('additive');
    const effects = additiveEffects(seasonalWithZeros, 12);
    expect(effects.reduce((a, b) => a + b, 0)).to.be.closeTo(0, 1e-9);
    expect(adjuster.adjust(10, 13)).to.be.closeTo(10 - (effects[1] as number), 1e-12);
  });

  it('leaves a non-seasonal series alone', () => {
    expect(
      seasonalAdjuster(
        Array.from({ length: 60 }, (_, t) => t),
        12,
      ).kind,
    ).to.equal('none');
  });
});
