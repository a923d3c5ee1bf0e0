import { expect } from 'chai';
import { yearToDate, yoyGrowthPct } from '../../common/yoy.js';

describe('common/yoy', () => {
  describe('yoyGrowthPct', () => {
    const table: Array<{ value: number | null | undefined; base: number | null | undefined; expected: number | null }> =
      [
        { value: 120, base: 100, expected: 20 },
        { value: 80, base: 100, expected: -20 },
        { value: 0, base: 50, expected: -100 },
        { value: 100, base: 3, expected: 3233.333333333333 },
        { value: 5, base: 0, expected: null },
        { value: 5, base: -4, expected: null },
        { value: -5, base: 4, expected: -225 },
        { value: 5, base: null, expected: null },
        { value: 5, base: undefined, expected: null },
        { value: null, base: 5, expected: null },
        { value: Number.NaN, base: 5, expected: null },
        { value: 5, base: Number.POSITIVE_INFINITY, expected: null },
        { value: Number.POSITIVE_INFINITY, base: 5, expected: null },
      ];
    for (const c of table) {
      it(`gives ${c.expected} for ${c.value} over ${c.base}`, () => {
        const got = yoyGrowthPct(c.value, c.base);
        if (c.expected === null) expect(got).to.equal(null);
        else expect(got).to.be.closeTo(c.expected, 1e-12);
      });
    }

    it('does not round: rounding is for display only', () => {
      expect(yoyGrowthPct(100.0123, 100)).to.be.closeTo(0.0123, 1e-9);
      expect(yoyGrowthPct(100.0123, 100)).to.not.equal(0.01);
    });
  });

  describe('yearToDate', () => {
    const values = new Map<string, number>([
      ['2023-01', 10],
      ['2023-02', 20],
      ['2023-03', 30],
      ['2024-01', 15],
      ['2024-02', 25],
      ['2024-03', 0],
    ]);
    const valueOf = (m: string) => values.get(m);

    it('sums January through the month, this year and last, with the growth between them', () => {
      const ytd = yearToDate('2024-02', valueOf);
      expect(ytd).to.include({ through: '2024-02', value: 40, lastYear: 30 });
      expect(ytd?.yoyPct).to.be.closeTo(100 / 3, 1e-12);
      expect(yearToDate('2024-01', valueOf)).to.deep.equal({
        through: '2024-01',
        value: 15,
        lastYear: 10,
        yoyPct: 50,
        basis: 'months',
      });
    });

    it('counts a zero month as known', () => {
      expect(yearToDate('2024-03', valueOf)?.value).to.equal(40);
    });

    it('is null when a month of this year is missing', () => {
      expect(yearToDate('2024-04', valueOf)).to.equal(null);
    });

    it("gives this year's sum with nothing to compare when a month of last year is missing", () => {
      // A series that began in 2023: its first year to date reads, with no growth.
      expect(yearToDate('2023-02', valueOf)).to.deep.equal({
        through: '2023-02',
        value: 30,
        lastYear: null,
        yoyPct: null,
        basis: 'months',
      });
      // A year known only from its published total (2023 as one figure) reads the same way.
      expect(
        yearToDate(
          '2023-12',
          () => undefined,
          (m) => (m === '2023-12' ? 435 : undefined),
        ),
      ).to.deep.equal({ through: '2023-12', value: 435, lastYear: null, yoyPct: null, basis: 'published' });
    });

    it('takes published year-to-date totals where a month of either year is unknown', () => {
      // China's way: January and February reported only together, March on its own.
      const months = new Map([
        ['2024-01', 100],
        ['2024-02', 80],
        ['2024-03', 120],
        ['2025-03', 150],
      ]);
      const published = new Map([
        ['2025-02', 210],
        ['2024-05', 999],
      ]);
      const ytd = yearToDate(
        '2025-03',
        (m) => months.get(m),
        (m) => published.get(m),
      );
      // 2025: the Jan–Feb total and March; 2024: its months, all known.
      expect(ytd).to.deep.include({ through: '2025-03', value: 360, lastYear: 300, basis: 'published' });
      expect(ytd?.yoyPct).to.be.closeTo(20, 1e-12);
      // Without the total, or with a month after it unknown, there is none.
      expect(yearToDate('2025-03', (m) => months.get(m))).to.equal(null);
      expect(
        yearToDate(
          '2025-04',
          (m) => months.get(m),
          (m) => published.get(m),
        ),
      ).to.equal(null);
    });

    it('prefers the months when every one is known, published totals or not', () => {
      const ytd = yearToDate('2024-02', valueOf, () => 1);
      expect(ytd).to.include({ value: 40, lastYear: 30, basis: 'months' });
    });

    it('keeps the sums but gives no growth when last year summed to zero', () => {
      const zeros = (m: string) => (m.startsWith('2023') ? 0 : 7);
      expect(yearToDate('2024-02', zeros)).to.deep.equal({
        through: '2024-02',
        value: 14,
        lastYear: 0,
        yoyPct: null,
        basis: 'months',
      });
    });
  });
});
