import { expect } from 'chai';
import { yearMonthsText } from '../../common/year-outlook.js';

describe('common/year-outlook', () => {
  it('names what a full year is made of, months estimated where no figure was published included', () => {
    expect(yearMonthsText({ monthsActual: 1, monthsInTotals: 0, monthsFilled: 1, monthsForecast: 10 })).to.equal(
      '1 month reported, 1 estimated (no figure published), 10 forecast',
    );
    expect(yearMonthsText({ monthsActual: 6, monthsInTotals: 0, monthsFilled: 0, monthsForecast: 6 })).to.equal(
      '6 months reported, 6 forecast',
    );
    expect(yearMonthsText({ monthsActual: 0, monthsInTotals: 0, monthsFilled: 0, monthsForecast: 12 })).to.equal(
      '0 months reported, 12 forecast',
    );
    expect(yearMonthsText({ monthsActual: 8, monthsInTotals: 3, monthsFilled: 1, monthsForecast: 0 })).to.equal(
      '8 months reported, 3 within published totals, 1 estimated (no figure published)',
    );
  });

  it('says nothing of estimated months for a fit stored before they were counted', () => {
    expect(yearMonthsText({ monthsActual: 1, monthsInTotals: null, monthsFilled: null, monthsForecast: 10 })).to.equal(
      '1 month reported, 10 forecast',
    );
  });
});
