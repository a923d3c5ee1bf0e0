import { expect } from 'chai';
import { monthIndex } from '../../common/month.js';
import { forecastPoints, yearTotals, type MonthBook } from '../../forecasting/growth.js';
import { stepIntervals } from '../../forecasting/intervals.js';

/** Actuals for 2023 (all 10) and 2024 Jan–Jun (20), then 15 forecast months of 30 with paths at 29, 30, 31. */
function makeBook(): MonthBook {
  const values = [...new Array<number>(12).fill(10), ...new Array<number>(6).fill(20)];
  const point = new Float64Array(15).fill(30);
  const paths = [29, 30, 31].map((v) => new Float64Array(15).fill(v));
  const start = monthIndex('2023-01');
  return {
    startIndex: start,
    values,
    spanStart: start,
    span: Float64Array.from(values),
    firstForecast: start + 18,
    point,
    paths,
  };
}

describe('forecasting/growth', () => {
  it('gives YoY growth on the actual month a year before, and on the forecast beyond a year', () => {
    const book = makeBook();
    const points = forecastPoints(book, stepIntervals(book.paths, book.point));
    expect(points[0]).to.include({ month: '2024-07', yoyBasis: 'actual' });
    expect(points[0]?.yoyPct).to.be.closeTo(200, 1e-9);
    expect(points[12]).to.include({ month: '2025-07', yoyBasis: 'forecast' });
    expect(points[12]?.yoyPct).to.be.closeTo(0, 1e-9);
    expect(points[6]?.yoyPct).to.be.closeTo(50, 1e-9);
  });

  it('totals actual and forecast months, consistently with the monthly points', () => {
    const [y2024, y2025] = yearTotals(makeBook(), { 2024: 300 });
    expect(y2024).to.include({
      year: 2024,
      monthsActual: 6,
      monthsForecast: 6,
      ytdLastYear: 120,
      fullYearLastYear: 120,
    });
    expect(y2024?.fullYear?.point).to.equal(6 * 20 + 6 * 30);
    expect(y2024?.ytd.through).to.equal('2024-12');
    expect(y2024?.fullYearYoyPct).to.be.closeTo(((6 * 20 + 6 * 30) / 120 - 1) * 100, 1e-9);
    expect(y2025?.fullYear).to.equal(null);
    expect(y2025?.ytd.through).to.equal('2025-09');
    expect(y2025?.ytdLastYear).to.equal(6 * 20 + 3 * 30);
    expect(y2025?.ytd.point).to.equal(9 * 30);
  });

  it('takes total intervals and target probabilities from whole paths, not summed bounds', () => {
    const [y2024] = yearTotals(makeBook(), { 2024: 120 + 6 * 30 });
    // The three paths total 120 + 6·29, 120 + 6·30 and 120 + 6·31: two of three reach the target.
    expect(y2024?.probTarget).to.be.closeTo(2 / 3, 1e-12);
    expect(y2024?.fullYear?.hi95).to.be.at.most(120 + 6 * 31);
    expect(y2024?.fullYear?.lo95).to.be.at.least(120 + 6 * 29);
  });

  it("counts a filled month of the year apart and carries what it might have been into the year's interval", () => {
    // March 2024 has no figure: the span fills it at 20.
    const values = [...new Array<number>(12).fill(10), 20, 20, NaN, 20, 20, 20];
    const known = { ...makeBook(), values, span: Float64Array.from(values, (v) => (Number.isNaN(v) ? 20 : v)) };
    const [fixed] = yearTotals(known);
    expect(fixed).to.include({ monthsActual: 5, monthsInTotals: 0, monthsFilled: 1, monthsForecast: 6 });
    expect(fixed?.fullYear?.point).to.equal(6 * 20 + 6 * 30);
    // The three paths: the fill might have been 12 lower, as it is, or 12 higher.
    const fillDeviations = [-12, 0, 12].map((d) => {
      const deviation = new Float64Array(18);
      deviation[14] = d;
      return deviation;
    });
    const [drawn] = yearTotals({ ...known, fillDeviations });
    expect(drawn?.fullYear?.point, 'the point stays the sum of the fill and the forecasts').to.equal(6 * 20 + 6 * 30);
    expect(drawn!.fullYear!.hi95 - drawn!.fullYear!.lo95).to.be.greaterThan(
      fixed!.fullYear!.hi95 - fixed!.fullYear!.lo95 + 12,
    );
  });

  it('counts a month inside a known total the year holds whole apart from one estimated alone', () => {
    // A winter total from December 2023 to February 2024, and the second quarter's with April missing.
    const values = [...new Array<number>(11).fill(10), NaN, NaN, NaN, 20, NaN, 20, 20];
    const start = monthIndex('2023-01');
    const book = {
      ...makeBook(),
      values,
      span: Float64Array.from(values, (v) => (Number.isNaN(v) ? 20 : v)),
      knownSpans: [
        { from: start + 11, to: start + 13 },
        { from: start + 15, to: start + 17 },
      ],
    };
    const [y2024] = yearTotals(book);
    // 2024's total holds the quarter whole, but only two months of the winter's: January and February are estimates.
    expect(y2024).to.include({ monthsActual: 3, monthsInTotals: 1, monthsFilled: 2, monthsForecast: 6 });
  });

  it("takes last year's total from a known total that covers its missing months, as year-to-date figures give it", () => {
    // 2023: only December's year to date (the whole year, 120) and a few months; the fills add up to it.
    const values = [10, NaN, NaN, 10, NaN, 10, 10, NaN, 10, 10, NaN, 10, ...new Array<number>(6).fill(20)];
    const start = monthIndex('2023-01');
    const book = {
      ...makeBook(),
      values,
      span: Float64Array.from(values, (v) => (Number.isNaN(v) ? 10 : v)),
      knownSpans: [{ from: start, to: start + 11 }],
    };
    const [y2024] = yearTotals(book);
    expect(y2024).to.include({ fullYearLastYear: 120, ytdLastYear: 120 });
    expect(y2024?.fullYearYoyPct).to.be.closeTo(((6 * 20 + 6 * 30) / 120 - 1) * 100, 1e-9);
    // Without the total, the same fills are estimates: no comparison.
    const [unknown] = yearTotals({ ...book, knownSpans: [] });
    expect(unknown).to.include({ fullYearLastYear: null, fullYearYoyPct: null });
  });

  it('leaves last-year figures out when a month of that year has no figure', () => {
    const book = { ...makeBook(), values: [NaN, ...new Array<number>(11).fill(10), ...new Array<number>(6).fill(20)] };
    const [y2024] = yearTotals(book);
    expect(y2024?.fullYearLastYear).to.equal(null);
    expect(y2024?.ytdYoyPct).to.equal(null);
  });
});
