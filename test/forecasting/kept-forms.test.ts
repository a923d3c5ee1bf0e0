import { expect } from 'chai';
import { forecast, type ForecastRequest, type Selection } from '../../forecasting/index.js';
import { autoArima } from '../../forecasting/models/arima/auto-arima.js';
import { etsAuto, type EtsFittedModel } from '../../forecasting/models/ets.js';
import { comb4 } from '../../forecasting/models/index.js';

/** A growing seasonal series with a fixed pseudo-random wobble, from 2017-01. */
const figure = (t: number) =>
  1000 * 1.008 ** t * (1 + 0.25 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.04 * Math.sin(t * 12.9898));
/** Eight years, and the month after them. */
const history = Array.from({ length: 96 }, (_, t) => figure(t));
const nextMonth = figure(96);
const request = (values: number[], selection?: Selection): ForecastRequest => ({
  values,
  start: '2017-01',
  paths: 200,
  backtest: false,
  ...(selection && { selection }),
});

describe('forecasting/kept-forms', () => {
  const first = forecast(request(history));

  it('answers a full selection with the forms it chose, through the last month', () => {
    expect(first.selection).to.not.equal(null);
    expect(first.selection!.through).to.equal('2024-12');
    expect(first.selection!.method).to.equal('comb4');
    expect(first.selection!.forms.ets).to.match(/^[AM](N|Ad?)[NAM]$/);
    expect(first.selection!.forms.arima).to.have.keys(['p', 'd', 'q', 'P', 'D', 'Q', 'm', 'constant']);
    expect(first.reason).to.not.contain('Kept');
  });

  it('keeps the forms of a selection a month older, says so, and gives the same record back', () => {
    const kept = forecast(request([...history, nextMonth], first.selection!));
    expect(kept.selection).to.deep.equal(first.selection);
    expect(kept.reason).to.contain('Kept the model forms chosen on the figures through 2024-12 (ETS(');
  });

  it('gives the forecast of a full selection that chooses the same forms again', () => {
    const values = [...history, nextMonth];
    const full = forecast(request(values));
    expect(full.selection!.forms).to.deep.equal(first.selection!.forms);
    const kept = forecast(request(values, first.selection!));
    kept.points.forEach((p, h) => expect(p.point / full.points[h]!.point).to.be.closeTo(1, 1e-9));
  });

  it('estimates the kept ETS and ARIMA forms again, to the parameters the search would give them', () => {
    const y = Float64Array.from([...history, nextMonth]);
    const searched = etsAuto.fit(y, 12) as EtsFittedModel;
    const kept = etsAuto.keeping!(searched.forms!).fit(y, 12) as EtsFittedModel;
    expect(kept.name).to.equal(searched.name);
    expect(kept.fit.params.alpha).to.be.closeTo(searched.fit.params.alpha, 1e-9);
    expect(kept.fit.params.gamma).to.be.closeTo(searched.fit.params.gamma, 1e-9);

    const older = autoArima.fit(Float64Array.from(history), 12);
    const keptArima = autoArima.keeping!(older.forms!).fit(y, 12);
    expect(keptArima.forms).to.deep.equal(older.forms);
    const searchedArima = autoArima.fit(y, 12);
    expect(searchedArima.forms).to.deep.equal(older.forms);
    expect(keptArima.forecast(3)).to.deep.equal(searchedArima.forecast(3));
  });

  it('keeps each member of a combination its own form; a family without an entry searches', () => {
    const y = Float64Array.from(history);
    const onlyEts = comb4.keeping!({ ets: 'ANN' }).fit(y, 12);
    expect(onlyEts.name).to.contain('ETS(A,N,N)');
    expect(onlyEts.forms!.ets).to.equal('ANN');
    expect(onlyEts.forms!.arima).to.deep.equal(first.selection!.forms.arima);
  });

  it('chooses afresh when the selection belongs to another method', () => {
    const other = forecast(request([...history, nextMonth], { ...first.selection!, method: 'comb4-yoy' }));
    expect(other.selection!.through).to.equal('2025-01');
    expect(other.reason).to.not.contain('Kept');
  });

  it('chooses again, and says why, when a kept form no longer fits the series', () => {
    const multiplicative: Selection = { ...first.selection!, forms: { ...first.selection!.forms, ets: 'MAM' } };
    const withZero = [...history.slice(0, 90), 0, ...history.slice(91), nextMonth];
    const result = forecast(request(withZero, multiplicative));
    expect(result.reason).to.contain('The model forms chosen on the figures through 2024-12 no longer fit the series');
    expect(result.selection!.through).to.equal('2025-01');
    expect(result.selection!.forms.ets).to.match(/^A/);
  });
});
