import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { calibrationFor } from '../../forecasting/calibration.js';
import {
  ForecastInputError,
  InsufficientHistoryError,
  forecast,
  listMethods,
  whatIsMissing,
  type ForecastRequest,
} from '../../forecasting/index.js';
import { prepareSeries } from '../../forecasting/gaps.js';

interface BadCase {
  name: string;
  request: Record<string, unknown>;
  field: string;
}
const badCases = (
  JSON.parse(readFileSync(new URL('../cases/forecast-bad-requests.json', import.meta.url), 'utf8')) as {
    cases: BadCase[];
  }
).cases;

/** JSON has no NaN: the cases file writes it as the string "NaN". */
function revive(value: unknown): unknown {
  if (value === 'NaN') return NaN;
  if (Array.isArray(value)) return value.map((v) => (v === 'NaN' ? NaN : v));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  return value;
}

/** Five years of a growing seasonal series with a fixed pseudo-random wobble. */
function seasonalSeries(years: number): number[] {
  return Array.from(
    { length: 12 * years },
    (_, t) => 1000 * 1.01 ** t * (1 + 0.25 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.03 * Math.sin(t * 12.9898)),
  );
}

describe('forecasting/engine', () => {
  for (const row of badCases) {
    it(`refuses ${row.name}, naming ${row.field}`, () => {
      const request = revive(row.request) as ForecastRequest;
      expect(() => forecast(request))
        .to.throw(ForecastInputError)
        .that.satisfies((e: ForecastInputError) => {
          expect(e.code).to.equal('FORECAST_INPUT_INVALID');
          expect(e.field).to.equal(row.field);
          expect(e.message.startsWith(`${row.field}: `)).to.equal(true);
          return true;
        });
    });
  }

  it('forecasts a clean five-year series with the default method and says which model and why', () => {
    const result = forecast({ values: seasonalSeries(5), start: '2020-01', horizon: 18, backtest: false });
    expect(result.method).to.equal('auto');
    expect(result.model).to.match(/^Mean of /);
    expect(result.reason).to.match(/60 monthly figures/);
    expect(result.points).to.have.length(18);
    expect(result.points[0]?.month).to.equal('2025-01');
    for (const p of result.points)
      expect(p.lo95 <= p.lo80 && p.lo80 <= p.point && p.point <= p.hi80 && p.hi80 <= p.hi95).to.equal(true);
    expect(result.baseline.method).to.equal('yoy-growth');
    expect(result.baseline.points).to.have.length(18);
  });

  it('widens intervals with the horizon', () => {
    const { points } = forecast({ values: seasonalSeries(5), start: '2020-01', horizon: 24, backtest: false });
    const relativeWidth = (i: number): number =>
      ((points[i]?.hi95 ?? NaN) - (points[i]?.lo95 ?? NaN)) / (points[i]?.point ?? NaN);
    expect(relativeWidth(23)).to.be.above(relativeWidth(0));
    expect(relativeWidth(11)).to.be.above(relativeWidth(0));
  });

  it('keeps YoY growth and year totals consistent with the monthly points', () => {
    const values = seasonalSeries(5);
    const result = forecast({ values, start: '2020-01', horizon: 12, backtest: false, targets: { 2025: 1 } });
    const [first] = result.points;
    expect(first?.yoyPct).to.be.closeTo(((first?.point ?? NaN) / (values[48] as number) - 1) * 100, 1e-9);
    const year = result.years[0];
    expect(year?.fullYear?.point).to.be.closeTo(
      result.points.reduce((s, p) => s + p.point, 0),
      1e-6,
    );
    expect(year?.fullYearLastYear).to.be.closeTo(
      values.slice(48).reduce((s, v) => s + v, 0),
      1e-6,
    );
    expect(year?.probTarget).to.equal(1);
  });

  it("says how many months of this year's total are estimates of missing figures, and how many a known total holds", () => {
    // Through June 2024, with March and April 2024 missing.
    const values = seasonalSeries(5).slice(0, 54);
    const gappy = values.map((v, t) => (t === 50 || t === 51 ? NaN : v));
    const request = { start: '2020-01', horizon: 6, backtest: false } as const;
    const [year] = forecast({ ...request, values: gappy }).years;
    expect(year).to.include({ year: 2024, monthsActual: 4, monthsInTotals: 0, monthsFilled: 2, monthsForecast: 6 });
    const [whole] = forecast({ ...request, values }).years;
    expect(whole).to.include({ monthsActual: 6, monthsInTotals: 0, monthsFilled: 0 });
    // The first quarter published as a total only: its months are in the year's total exactly.
    const quarter = values.map((v, t) => (t >= 48 && t <= 50 ? NaN : v));
    const total = values[48]! + values[49]! + values[50]!;
    const result = forecast({ ...request, values: quarter, totals: [{ from: '2024-01', to: '2024-03', total }] });
    const [reported] = result.years;
    expect(reported).to.include({ monthsActual: 3, monthsInTotals: 3, monthsFilled: 0, monthsForecast: 6 });
    const known = total + values[51]! + values[52]! + values[53]!;
    expect(reported?.fullYear?.point).to.be.closeTo(known + result.points.reduce((s, p) => s + p.point, 0), 1e-6);
  });

  it('counts what it filled in words that agree with the count', () => {
    const values = seasonalSeries(5).map((v, t) => (t === 50 ? NaN : v));
    const { reason } = forecast({ values, start: '2020-01', horizon: 6, backtest: false });
    expect(reason).to.contain('59 monthly figures; 1 missing month filled by interpolation:');
  });

  it('gives the same forecast, intervals included, for the same figures in other units', () => {
    // Battery installations in GWh (about 2 to 9: logs near zero) and the same in MWh and TWh.
    const gwh = seasonalSeries(5).map((v) => v / 250);
    const base = forecast({ values: gwh, start: '2020-01', horizon: 18, seed: 7, backtest: false });
    for (const units of [1000, 0.001]) {
      const other = forecast({
        values: gwh.map((v) => v * units),
        start: '2020-01',
        horizon: 18,
        seed: 7,
        backtest: false,
      });
      expect(other.model).to.equal(base.model);
      other.points.forEach((p, i) => {
        const b = base.points[i]!;
        for (const key of ['point', 'lo80', 'hi80', 'lo95', 'hi95'] as const)
          expect(p[key], `×${units} ${p.month} ${key}`).to.be.closeTo(b[key] * units, 1e-4 * b.point * units);
      });
    }
  });

  it('gives the same forecast for the same figures starting in another calendar month, totals included', () => {
    // Nothing but a borrowed shape (none here) ties a forecast to the calendar: a series' own season is
    // estimated by position, so the same figures a few months later are forecast the same.
    const values = seasonalSeries(3).map((v, i) => (i === 13 || i === 14 || i === 20 ? NaN : v));
    const total = seasonalSeries(3)
      .slice(12, 15)
      .reduce((a, b) => a + b, 0);
    // The series starting in `start`, the quarter's total in its months 13-15.
    const from = (start: string, quarter: [string, string]) =>
      forecast({ values, start, horizon: 12, seed: 5, totals: [{ from: quarter[0], to: quarter[1], total }] });
    const january = from('2020-01', ['2021-01', '2021-03']);
    const july = from('2017-07', ['2018-07', '2018-09']);
    expect(july.model).to.equal(january.model);
    july.points.forEach((p, i) => {
      const j = january.points[i]!;
      for (const key of ['point', 'lo80', 'hi80', 'lo95', 'hi95'] as const)
        expect(p[key], `${p.month} ${key}`).to.be.closeTo(j[key], 1e-6 * j.point);
    });
  });

  it('gives the same answer for the same seed', () => {
    const request = { values: seasonalSeries(3), start: '2022-01', horizon: 6, seed: 42, backtest: false };
    expect(forecast(request)).to.deep.equal(forecast(request));
  });

  it('answers a sparse young series (few figures a year, five-fold growth) with the growth baseline in the mean and wide intervals', () => {
    // AITO-like deliveries: figures for a few months only, growing about five-fold in a year.
    const values = [
      10045,
      10142,
      NaN,
      8260,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      32973,
      NaN,
      31727,
      NaN,
      NaN,
      42780,
      41535,
    ];
    const result = forecast({ values, start: '2022-08', horizon: 12 });
    expect(result.model).to.equal('Mean of comb4, YoY growth');
    expect(result.reason).to.match(/7 monthly figures.*missing months filled.*averaged with the YoY growth baseline/);
    expect(result.calibration).to.equal(calibrationFor('comb4-yoy', 7).label);
    for (const p of result.points) {
      expect(p.point).to.be.above(0);
      expect(p.lo95).to.be.at.least(0);
      expect(p.hi95 / p.lo95).to.be.above(1.5);
    }
    expect(result.backtest).to.equal(null);
  });

  it('averages the combination with YoY growth for a history under two years, calibrated for short histories', () => {
    const long = seasonalSeries(5);
    const short = long.slice(-18);
    const a = forecast({ values: short, start: '2023-07', horizon: 6, method: 'auto', backtest: false });
    const b = forecast({ values: short, start: '2023-07', horizon: 6, method: 'comb4-yoy', backtest: false });
    expect(a.model).to.equal(b.model);
    expect(a.reason).to.match(/only 18 monthly figures/);
    const calibration = calibrationFor('comb4-yoy', 18);
    expect(calibration.label).to.match(/errors of comb4-yoy on histories of under 24 months/);
    expect(a.calibration).to.equal(calibration.label);
    expect(b.calibration).to.match(/not calibrated/);
    const width = (r: typeof a): number => (r.points[0]?.hi80 ?? NaN) - (r.points[0]?.lo80 ?? NaN);
    expect(width(a)).to.be.closeTo(width(b) * (calibration.factor80[0] as number), 1e-4 * width(b));
  });

  it("borrows a related series' seasonal shape where the series' own 18 months cannot estimate one", () => {
    // The market: five years of a December high and a February low; the maker: the last 18 months of a
    // series with the same season at a tenth of the level, two of them missing.
    const market = seasonalSeries(5);
    const maker = market.slice(-18).map((v, t) => (t === 5 || t === 9 ? NaN : v / 10));
    const request = { values: maker, start: '2023-07', horizon: 12, backtest: false } as const;
    const alone = forecast(request);
    const borrowed = forecast({ ...request, related: { name: 'the market', start: '2019-01', values: market } });
    expect(alone.model).not.to.contain('seasonal shape');
    expect(borrowed.model).to.contain('comb4 on the seasonal shape of the market');
    expect(borrowed.reason).to.contain('its months follow the seasonal shape of the market');
    // The next twelve months of the same season (the series' own continuation) are closer with the shape.
    const truth = seasonalSeries(6)
      .slice(60, 72)
      .map((v) => v / 10);
    const mae = (r: typeof alone) => r.points.reduce((s, p, i) => s + Math.abs(p.point - (truth[i] as number)), 0) / 12;
    expect(mae(borrowed)).to.be.below(mae(alone));
  });

  it('ignores a related series where the series has a shape of its own, or the related one has none', () => {
    const own = seasonalSeries(5);
    const base = { values: own, start: '2019-01', horizon: 6, backtest: false } as const;
    const withRelated = forecast({
      ...base,
      related: { name: 'the market', start: '2015-01', values: seasonalSeries(8) },
    });
    expect(withRelated.points).to.deep.equal(forecast(base).points);
    const short = own.slice(-18);
    const flatMarket = Array.from({ length: 60 }, () => 100);
    const noShape = forecast({
      ...base,
      values: short,
      related: { name: 'flat', start: '2015-01', values: flatMarket },
    });
    expect(noShape.model).not.to.contain('seasonal shape');
  });

  it('keeps forecasts of a non-negative series with zeros at or above zero', () => {
    const values = Array.from({ length: 48 }, (_, t) => (t % 12 < 3 ? 0 : 5 + (t % 7)));
    const result = forecast({ values, start: '2021-01', horizon: 12, backtest: false });
    for (const p of result.points) expect(p.lo95).to.be.at.least(0);
  });

  it('runs a backtest of the chosen method by default', () => {
    const result = forecast({ values: seasonalSeries(4), start: '2021-01', horizon: 6, paths: 200 });
    expect(result.backtest?.origins).to.be.above(0);
    expect(result.backtest?.perHorizon[0]?.h).to.equal(1);
  });

  it('forecasts seres_brand_sales (4 figures in 28 months) though it cannot be backtested, and says why', () => {
    const rows = readFileSync(new URL('../../fixtures/ev-monthly.csv', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('seres_brand_sales,'))
      .map((line) => line.split(','));
    const figures = new Map(rows.map((f) => [f[1] as string, Number(f[2])]));
    const months = [...figures.keys()].sort();
    expect(months).to.deep.equal(['2022-03', '2022-07', '2022-09', '2024-06']);
    const values = Array.from({ length: 28 }, (_, i) => {
      const month = `${2022 + Math.floor((2 + i) / 12)}-${String(((2 + i) % 12) + 1).padStart(2, '0')}`;
      return figures.get(month) ?? NaN;
    });
    const result = forecast({ values, start: '2022-03', horizon: 12, paths: 500 });
    expect(result.points).to.have.length(12);
    expect(result.backtest).to.equal(null);
    expect(result.noBacktest).to.match(/backtest origins .* has an actual figure/);
  });

  it('fills the missing months of a known quarter to add up to it and widens the intervals for them', () => {
    const full = seasonalSeries(3).map((v, t) => v * (1 + 0.3 * Math.sin(t * 78.233)));
    const gappy = full.slice();
    for (const t of [30, 31, 33, 34]) gappy[t] = NaN;
    const quarter = (from: number) => full.slice(from, from + 3).reduce((a, b) => a + b, 0);
    const totals = [
      { from: '2024-07', to: '2024-09', total: quarter(30) },
      { from: '2024-10', to: '2024-12', total: quarter(33) },
    ];
    // Seasonal naive repeats the filled months, so what they could have been shows in its intervals.
    const request = { values: gappy, start: '2022-01', horizon: 12, backtest: false, method: 'snaive' };
    const withTotals = forecast({ ...request, totals });
    expect(withTotals.reason).to.match(/4 missing months filled to add up to known totals/);
    // The same filled values given as if they were figures: same point forecast, narrower intervals.
    const filled = prepareSeries(gappy, {
      totals: [
        { from: 30, to: 32, total: quarter(30), field: 'totals[0]' },
        { from: 33, to: 35, total: quarter(33), field: 'totals[1]' },
      ],
    }).y;
    expect(filled.slice(30, 33).reduce((a, b) => a + b, 0)).to.be.closeTo(quarter(30), 1e-6);
    const asFigures = forecast({ ...request, values: Array.from(filled) });
    const width = (r: typeof asFigures): number => r.points.reduce((s, p) => s + (p.hi80 - p.lo80), 0);
    expect(withTotals.points[0]?.point).to.be.closeTo(asFigures.points[0]?.point as number, 1e-9);
    expect(width(withTotals)).to.be.above(width(asFigures));
  });

  it('derives the one missing month of a span exactly, as the service does for year-to-date figures', () => {
    const full = seasonalSeries(2);
    const gappy = full.slice();
    gappy[20] = NaN;
    const total = full.slice(18, 21).reduce((a, b) => a + b, 0);
    const r = forecast({
      values: gappy,
      start: '2022-01',
      backtest: false,
      totals: [{ from: '2023-07', to: '2023-09', total }],
    });
    const clean = forecast({ values: full, start: '2022-01', backtest: false });
    expect(r.reason).to.match(/1 derived from known totals/);
    expect(r.points[0]?.point).to.be.closeTo(
      clean.points[0]?.point as number,
      1e-6 * (clean.points[0]?.point as number),
    );
  });

  it('says what a series too short for any method lacks, as a typed error the service shows', () => {
    expect(() => forecast({ values: [5, NaN, 6], start: '2024-01' }))
      .to.throw(InsufficientHistoryError)
      .that.satisfies((e: InsufficientHistoryError) => {
        expect(e.code).to.equal('FORECAST_INPUT_INVALID');
        expect(e.figuresNeeded).to.equal(1);
        expect(e.missing).to.equal(whatIsMissing(2));
        expect(e.missing).to.match(/^needs 1 more monthly figure: /);
        return true;
      });
    expect(whatIsMissing(0)).to.match(/^needs 3 more monthly figures: .* has 0$/);
    expect(whatIsMissing(3)).to.equal(null);
  });

  it('lists auto first and every registered method once', () => {
    const names = listMethods().map((m) => m.name);
    expect(names[0]).to.equal('auto');
    expect(new Set(names).size).to.equal(names.length);
    expect(names).to.include.members(['snaive', 'naive2', 'yoy-growth', 'theta', 'dotm']);
  });
});
