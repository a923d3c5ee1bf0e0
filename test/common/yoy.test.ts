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
      expect(yearToDate('2024-01', valueOf)).to.deep.equal({ through: '2024-01', value: 15, lastYear: 10, yoyPct: 50 });
    });

    it('counts a zero month as known', () => {
      expect(yearToDate('2024-03', valueOf)?.value).to.equal(40);
    });

    it('is null when a month of either year is missing', () => {
      expect(yearToDate('2024-04', valueOf)).to.equal(null);
      expect(yearToDate('2023-02', valueOf)).to.equal(null);
    });

    it('keeps the sums but gives no growth when last year summed to zero', () => {
      const zeros = (m: string) => (m.startsWith('2023') ? 0 : 7);
      expect(yearToDate('2024-02', zeros)).to.deep.equal({ through: '2024-02', value: 14, lastYear: 0, yoyPct: null });
    });
  });
});
