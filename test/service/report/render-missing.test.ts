import { expect } from 'chai';
import { whatIsMissing } from '../../../forecasting/index.js';
import { buildReportModel } from '../../../service/report/report-model.js';
import { renderHtml } from '../../../service/report/render-html.js';
import { renderText } from '../../../service/report/render-text.js';
import { SALES, seriesInput } from './report-fixtures.js';

const report = { name: 'example', title: 'EV monthly', horizon: 12 };
const now = Date.parse('2025-07-05T01:00:00Z');

describe('report: a series without a forecast or without a backtest', () => {
  const needs = whatIsMissing(2) as string;
  // Three months: forecast by the combination averaged with the growth baseline, with no history for a backtest.
  const young = seriesInput({ id: 'young', unit: 'units', start: '2025-04', values: SALES.slice(-3) });
  // A series with two figures has no forecast: the summary says what it lacks.
  const shortInput = { ...young, summary: { ...young.summary, id: 'short', forecastNeeds: needs }, forecast: null };
  const model = buildReportModel({ report, inputs: [shortInput, young], previous: null, slot: null, now });

  it('carries what the series lacks into the report model', () => {
    expect(model.sections[0]!.forecastNeeds).to.equal(needs);
    expect(young.forecast!.backtest).to.equal(null);
    expect(young.forecast!.noBacktest).to.match(/^a backtest needs 25 months from the first figure to the last/);
  });

  it('says in the HTML what is missing instead of a bare n/a, and "no backtest yet" for a forecast without one', () => {
    const html = renderHtml(model, { csvName: 'f.csv', chartCid: () => 'cid' });
    expect(html).to.include(`No forecast: the series ${needs}.`);
    expect(html).to.include(`No backtest yet: ${young.forecast!.noBacktest!}.`);
  });

  it('says the same in the plain-text part', () => {
    const text = renderText(model, 'f.csv');
    expect(text).to.include(`No forecast: the series ${needs}.`);
    expect(text).to.include(`No backtest yet: ${young.forecast!.noBacktest!}.`);
  });
});
