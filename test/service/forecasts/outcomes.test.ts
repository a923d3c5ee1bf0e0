import { expect } from 'chai';
import { outcomesOf } from '../../../service/forecasts/outcomes.js';

const forecastOf = (month: string, point: number) => ({
  month,
  h: 2,
  point,
  lo80: point - 10,
  hi80: point + 10,
  lo95: point - 20,
  hi95: point + 20,
  yoyPct: null,
  yoyBasis: null,
  run: 'r1',
  model: 'ETS(A,N,N)',
  fittedAt: '2024-01-05T00:00:00.000Z',
});

describe('service/forecasts/outcomes', () => {
  const cases: {
    name: string;
    actual: number | undefined;
    point: number;
    expect: { error: number; apePct: number | null; within80: boolean; within95: boolean } | null;
  }[] = [
    {
      name: 'inside both bands',
      actual: 105,
      point: 100,
      expect: { error: 5, apePct: (5 / 105) * 100, within80: true, within95: true },
    },
    {
      name: 'outside 80 %, inside 95 %',
      actual: 85,
      point: 100,
      expect: { error: -15, apePct: (15 / 85) * 100, within80: false, within95: true },
    },
    {
      name: 'outside both bands',
      actual: 130,
      point: 100,
      expect: { error: 30, apePct: (30 / 130) * 100, within80: false, within95: false },
    },
    {
      name: 'an actual of zero has no percentage error',
      actual: 0,
      point: 5,
      expect: { error: -5, apePct: null, within80: true, within95: true },
    },
    { name: 'a month without an actual is not scored', actual: undefined, point: 100, expect: null },
    { name: 'a gap (NaN) is not scored', actual: Number.NaN, point: 100, expect: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const actuals = new Map<string, number>(c.actual === undefined ? [] : [['2024-03', c.actual]]);
      const out = outcomesOf('s', actuals, [forecastOf('2024-03', c.point)]);
      if (c.expect === null) {
        expect(out).to.deep.equal([]);
        return;
      }
      expect(out).to.have.length(1);
      const o = out[0]!;
      expect(o).to.include({
        series: 's',
        run: 'r1',
        model: 'ETS(A,N,N)',
        month: '2024-03',
        h: 2,
        point: c.point,
        error: c.expect.error,
        within80: c.expect.within80,
        within95: c.expect.within95,
        fittedAt: '2024-01-05T00:00:00.000Z',
      });
      if (c.expect.apePct === null) expect(o.apePct).to.equal(null);
      else expect(o.apePct).to.be.closeTo(c.expect.apePct, 1e-9);
    });
  }
});
