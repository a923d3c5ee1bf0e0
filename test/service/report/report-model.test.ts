import { expect } from 'chai';
import {
  buildReportModel,
  reportSubject,
  snapshotOf,
  type ReportSnapshot,
} from '../../../service/report/report-model.js';
import { renderHtml } from '../../../service/report/render-html.js';
import { renderText } from '../../../service/report/render-text.js';
import { GWH, SALES, seriesInput } from './report-fixtures.js';

const report = { name: 'example', title: 'EV monthly', horizon: 12 };
const now = Date.parse('2025-07-05T01:00:00Z');

describe('report-model', () => {
  const sales = seriesInput({ id: 'sales', unit: 'units', start: '2022-01', values: SALES });
  const gwh = seriesInput({ id: 'gwh', unit: 'GWh', start: '2022-01', values: GWH });

  it('takes latest month, YoY and year to date from the series summary, unchanged', () => {
    const model = buildReportModel({ report, inputs: [sales, gwh], previous: null, slot: now, now });
    const s = model.sections[0]!;
    expect(s.latest).to.deep.equal({
      month: '2025-06',
      value: SALES[41],
      lastYear: SALES[29],
      yoyPct: sales.summary.yoyPct,
    });
    expect(s.ytd).to.deep.equal(sales.summary.ytd);
    expect(model.asOf).to.equal('2025-06');
    expect(model.subject).to.equal('Forecast report — 2025-06 actuals, next 12 months · EV monthly');
    expect(model.slot).to.equal('2025-07-05T01:00:00.000Z');
  });

  it('shows the stored forecast points and the full year the run computed, not a new fit', () => {
    const model = buildReportModel({
      report: { ...report, horizon: 6 },
      inputs: [sales],
      previous: null,
      slot: null,
      now,
    });
    const s = model.sections[0]!;
    expect(s.forecast).to.deep.equal(sales.forecast!.points.slice(0, 6));
    const y2025 = sales.forecast!.years.find((y) => y.year === 2025)!;
    expect(s.fullYear).to.deep.include({
      year: 2025,
      point: y2025.fullYear!.point,
      lo80: y2025.fullYear!.lo80,
      hi80: y2025.fullYear!.hi80,
      lastYear: y2025.fullYearLastYear,
      yoyPct: y2025.fullYearYoyPct,
    });
    expect(s.model).to.include({ name: sales.forecast!.model, runId: 'run-1' });
    expect(s.model!.backtest!.smape).to.equal(sales.forecast!.backtest!.smape);
  });

  it('says how many months of the full year are estimates of missing figures, in the model and in the email', () => {
    // April 2025 was never published: the year is 5 months reported, 1 estimated, 6 forecast.
    const gappy = seriesInput({
      id: 'gappy',
      unit: 'units',
      start: '2022-01',
      values: SALES.map((v, i) => (i === 39 ? Number.NaN : v)),
    });
    const model = buildReportModel({ report, inputs: [gappy], previous: null, slot: now, now });
    expect(model.sections[0]!.fullYear).to.deep.include({
      year: 2025,
      monthsActual: 5,
      monthsFilled: 1,
      monthsForecast: 6,
    });
    const text = '5 months reported, 1 estimated (no figure published), 6 forecast';
    expect(renderText(model, 'report.csv')).to.contain(text);
    const html = renderHtml(model, { chartCid: (id) => `chart-${id}`, csvName: 'report.csv' });
    expect(html).to.contain(text);
    // At a glance, too.
    expect(html).to.contain('2025 · 1 mo. estimated');
  });

  it('gives a series in its first year its year to date, and says there is nothing to compare it with', () => {
    // A model launched in January 2025: 2024 has no figures.
    const launched = seriesInput({ id: 'launched', unit: 'units', start: '2025-01', values: SALES.slice(36) });
    const model = buildReportModel({ report, inputs: [launched], previous: null, slot: now, now });
    const total = SALES.slice(36).reduce((a, b) => a + b, 0);
    expect(model.sections[0]!.ytd).to.deep.equal({
      through: '2025-06',
      value: total,
      lastYear: null,
      yoyPct: null,
      basis: 'months',
    });
    expect(renderText(model, 'report.csv')).to.contain('no YoY (the same months last year are not all known)');
    expect(renderHtml(model, { chartCid: (id) => `chart-${id}`, csvName: 'report.csv' })).to.contain(
      'the same months last year are not all known',
    );
  });

  it('gives a share no year to date, and says why', () => {
    const share = seriesInput({ id: 'share', unit: 'pct', start: '2022-01', values: SALES.map((v) => v / 1000) });
    const model = buildReportModel({ report, inputs: [share], previous: null, slot: now, now });
    expect(model.sections[0]!.ytd).to.equal(null);
    expect(renderText(model, 'report.csv')).to.contain('Year to date  n/a (a share or rate has no year-to-date total)');
    expect(renderHtml(model, { chartCid: (id) => `chart-${id}`, csvName: 'report.csv' })).to.contain(
      'a share or rate has no year-to-date total',
    );
  });

  it('charts the 36 months before the forecast, gaps left out', () => {
    const s = buildReportModel({ report, inputs: [sales], previous: null, slot: null, now }).sections[0]!;
    expect(s.history[0]!.month).to.equal('2022-07');
    expect(s.history[s.history.length - 1]!.month).to.equal('2025-06');
    expect(s.history.some((a) => a.month === '2023-09')).to.equal(false);
  });

  describe('what changed since the previous report', () => {
    const before = buildReportModel({ report, inputs: [sales], previous: null, slot: null, now });
    const snap = snapshotOf(before);
    const cases: { name: string; edit: (s: ReportSnapshot) => ReportSnapshot; expect: string[] }[] = [
      { name: 'nothing when the data is the same', edit: (s) => s, expect: [] },
      {
        name: 'a month the previous report did not have is a new actual',
        edit: (s) => ({
          series: { sales: { ...s.series['sales']!, actuals: withoutKey(s.series['sales']!.actuals, '2025-06') } },
        }),
        expect: ['new-actual 2025-06'],
      },
      {
        name: 'a different value for a month shown before is a revision',
        edit: (s) => ({
          series: { sales: { ...s.series['sales']!, actuals: { ...s.series['sales']!.actuals, '2025-05': 1 } } },
        }),
        expect: ['revised 2025-05'],
      },
      {
        name: 'a forecast outside its previous 80 % interval has moved; inside it has not',
        edit: (s) => {
          const f = { ...s.series['sales']!.forecast };
          const jul = f['2025-07']!;
          const aug = f['2025-08']!;
          f['2025-07'] = { point: jul.point * 2, lo80: jul.point * 1.9, hi80: jul.point * 2.1 };
          f['2025-08'] = { point: aug.point * 1.01, lo80: aug.point * 0.9, hi80: aug.point * 1.1 };
          return { series: { sales: { ...s.series['sales']!, forecast: f } } };
        },
        expect: ['forecast-moved 2025-07'],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const after = buildReportModel({ report, inputs: [sales], previous: c.edit(snap), slot: null, now });
        expect(after.sections[0]!.changes.map((x) => `${x.kind} ${x.month}`)).to.deep.equal(c.expect);
      });
    }
  });

  it('names the report in the subject when it has no title of its own', () => {
    expect(reportSubject({ name: 'example', title: 'example', horizon: 12 }, '2025-06')).to.equal(
      'Forecast report — 2025-06 actuals, next 12 months (example)',
    );
  });
});

function withoutKey<T>(o: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}
