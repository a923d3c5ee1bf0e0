import { expect } from 'chai';
import { ownSeasonalShape, prepareSeries } from '../../forecasting/gaps.js';

describe('forecasting/gaps', () => {
  it('drops leading and trailing gaps and keeps a complete series as it is', () => {
    const s = prepareSeries([NaN, 1, 2, 3, NaN]);
    expect(Array.from(s.y)).to.deep.equal([1, 2, 3]);
    expect(s.offset).to.equal(1);
    expect(s.filled).to.equal(0);
  });

  it('fills an interior gap geometrically between positive neighbours and counts it', () => {
    const s = prepareSeries([100, NaN, 400]);
    expect(s.y[1]).to.be.closeTo(200, 1e-9);
    expect(s.filled).to.equal(1);
    expect(Array.from(s.observed)).to.deep.equal([1, 0, 1]);
  });

  it('fills linearly when a neighbour is zero', () => {
    expect(prepareSeries([0, NaN, NaN, 30]).y[2]).to.be.closeTo(20, 1e-9);
  });

  it('uses only a gap-free recent run of three years or more, reporting the months left out', () => {
    const values = [5, NaN, 7, ...Array.from({ length: 36 }, (_, i) => 10 + i)];
    const s = prepareSeries(values);
    expect(s.y.length).to.equal(37);
    expect(s.offset).to.equal(2);
    expect(s.dropped).to.equal(2);
  });

  it('says whether the series is non-negative', () => {
    expect(prepareSeries([0, 1, 2]).nonNegative).to.equal(true);
    expect(prepareSeries([-1, 1, 2]).nonNegative).to.equal(false);
  });

  const bad = [
    { name: 'an empty series', values: [], message: /values: has no numeric value/ },
    { name: 'an all-NaN series', values: [NaN, NaN], message: /values: has no numeric value/ },
    { name: 'an infinite value', values: [1, Infinity], message: /values\[1\]: must be a finite number/ },
  ];
  for (const row of bad) {
    it(`refuses ${row.name}`, () => {
      expect(() => prepareSeries(row.values)).to.throw(row.message);
    });
  }
});

describe('forecasting/gaps with known totals', () => {
  const total = (from: number, to: number, sum: number, i = 0) => ({ from, to, total: sum, field: `totals[${i}]` });

  it('derives the one missing month of a span exactly and counts it as a figure', () => {
    const s = prepareSeries([10, 20, NaN, 40], { totals: [total(0, 2, 60)] });
    expect(Array.from(s.y)).to.deep.equal([10, 20, 30, 40]);
    expect(s.observed[2]).to.equal(1);
    expect(s.derived).to.equal(1);
    expect(s.filled).to.equal(0);
  });

  it('fills several missing months so that the span adds up to its total', () => {
    const s = prepareSeries([100, NaN, NaN, 100], { totals: [total(0, 2, 500)] });
    expect((s.y[1] as number) + (s.y[2] as number)).to.be.closeTo(400, 1e-9);
    expect(s.fromTotals).to.equal(2);
    expect(s.filled).to.equal(2);
  });

  it('runs the series through the last month of a total past the last monthly figure', () => {
    const s = prepareSeries([100, 110, NaN, NaN, NaN], { totals: [total(2, 4, 360)] });
    expect(s.y.length).to.equal(5);
    expect(Array.from(s.y.slice(2)).reduce((a, b) => a + b, 0)).to.be.closeTo(360, 1e-9);
  });

  it('spreads a total by the series’ own seasonal shape when its figures show one', () => {
    // Four years with a strong December; the last December and November are missing and known together.
    const values = Array.from({ length: 48 }, (_, t) => (t % 12 === 11 ? 300 : 100) * 1.01 ** t);
    const truth = values.slice();
    values[46] = NaN;
    values[47] = NaN;
    values[40] = NaN; // a gap elsewhere so that the recent stretch does not stand alone
    const s = prepareSeries(values, { totals: [total(46, 47, (truth[46] as number) + (truth[47] as number))] });
    expect(s.shape).to.equal('own');
    expect(s.y[47] as number).to.be.closeTo(truth[47] as number, (truth[47] as number) * 0.05);
    expect(s.y[40] as number).to.be.closeTo(truth[40] as number, (truth[40] as number) * 0.05);
  });

  it('uses a related series’ shape when its own figures cannot estimate one', () => {
    const shape = Float64Array.from({ length: 12 }, (_, m) => (m === 0 ? 0.5 : 1.05));
    const s = prepareSeries([100, NaN, NaN, 105, 100], {
      totals: [total(0, 2, 300)],
      phase: 11,
      related: { shape, name: 'market' },
    });
    expect(s.shape).to.equal('related');
    // Position 1 is January: it gets less than the February beside it.
    expect(s.y[1] as number).to.be.lessThan(s.y[2] as number);
  });

  it('finds the season a gappy series’ figures show where the straight lines through its gaps hide it', () => {
    // China NEV sales (CAAM, fixtures/ev-monthly.csv), June 2022 to February 2026: 26 monthly figures in 45
    // months, and the year-to-date totals that sum the missing ones.
    const known: Record<string, number> = {
      '2022-06': 596000,
      '2022-08': 666600,
      '2022-09': 708000,
      '2022-10': 714000,
      '2022-11': 786000,
      '2022-12': 814000,
      '2023-01': 408000,
      '2023-10': 956000,
      '2023-11': 1026000,
      '2023-12': 1190000,
      '2024-01': 729000,
      '2024-02': 477000,
      '2024-03': 883000,
      '2024-04': 850000,
      '2024-06': 1049000,
      '2024-07': 991000,
      '2024-09': 1287000,
      '2024-12': 1596000,
      '2025-04': 1226000,
      '2025-05': 1307000,
      '2025-06': 1329000,
      '2025-07': 1262000,
      '2025-08': 1395000,
      '2025-09': 1604000,
      '2025-10': 1715000,
      '2026-02': 765000,
    };
    const values = Array.from({ length: 45 }, (_, t) => {
      const month = `${2022 + Math.floor((t + 5) / 12)}-${String(((t + 5) % 12) + 1).padStart(2, '0')}`;
      return known[month] ?? NaN;
    });
    const totals = [total(7, 18, 9495000), total(19, 20, 1207000), total(21, 30, 11659000), total(31, 42, 16490000)];
    const s = prepareSeries(values, { totals, phase: 5 });
    expect(s.wantsShape, 'the thetaf test of the flat-filled series finds no season').to.equal(true);
    expect(s.shape).to.equal('own');
    const shape = s.seasonalShape!;
    expect(shape[1], 'February').to.be.below(0.7);
    expect(shape[11], 'December').to.be.above(1.2);
    // Strong enough evidence to lend it to other series (the 1 % level).
    expect(ownSeasonalShape(values, { totals, phase: 5 })).to.deep.equal(shape);
    // A related series' shape comes first.
    const related = Float64Array.from({ length: 12 }, (_, m) => (m === 1 ? 0.6 : 1.04));
    expect(prepareSeries(values, { totals, phase: 5, related: { shape: related, name: 'market' } }).shape).to.equal(
      'related',
    );
  });

  /** 48 months of noise around a 1 % monthly trend, every fifth month missing; the generator's seed `seed`. */
  const noisy = (seed: number) => {
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2;
    return Array.from({ length: 48 }, (_, t) => (t % 5 === 2 ? NaN : 1000 * 1.01 ** t * Math.exp(noise())));
  };

  it('finds no season among gappy figures that are noise around a trend', () => {
    const s = prepareSeries(noisy(7), {});
    // Every calendar month keeps figures: the analysis of variance is asked, and finds nothing.
    expect(s.nObserved).to.equal(38);
    expect(s.shape).to.equal('none');
  });

  it('lends a gappy series’ season only on stronger evidence than it fills its own gaps with', () => {
    // Noise that happens to show a season at the 10 % level, as one series in seven does, but not at 1 %.
    const values = noisy(28);
    expect(prepareSeries(values, {}).shape).to.equal('own');
    expect(ownSeasonalShape(values, {})).to.equal(null);
  });

  it('refuses a total below the months it already has, in a series without negatives, naming it', () => {
    expect(() => prepareSeries([10, 20, NaN, NaN], { totals: [total(0, 3, 25, 3)] })).to.throw(/totals\[3\]: total 25/);
  });

  it('measures how noisy the figures are from month to month', () => {
    expect(prepareSeries([100, 100, NaN, 100]).fillNoise).to.equal(0);
    expect(prepareSeries([100, 200, NaN, 100]).fillNoise).to.be.greaterThan(0.5);
  });
});
