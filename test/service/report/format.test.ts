import { expect } from 'chai';
import { displayFormat } from '../../../common/display-format.js';
import {
  REPORT_LOCALE,
  compactNumber,
  fullNumber,
  monthLabel,
  share,
  signedPct,
} from '../../../service/report/format.js';

describe('service/report/format', () => {
  it('writes reports in en-US with "n/a" for a value that is not there', () => {
    expect(fullNumber(44126, 'units')).to.equal('44,126');
    expect(signedPct(null)).to.equal('n/a');
    expect(monthLabel('2025-06')).to.equal('Jun 2025');
  });

  // The dashboard formats through the same displayFormat with the reader's locale: for one locale, a value
  // reads the same in the email and on the page.
  it('formats every value exactly as the dashboard does in the same locale', () => {
    const page = displayFormat(REPORT_LOCALE);
    for (const [value, unit] of [
      [44126, 'units'],
      [12.7, 'cars'],
      [38.44, 'GWh'],
      [-0.456, 'pct'],
      [1234.5, 'GWh'],
    ] as const) {
      expect(fullNumber(value, unit)).to.equal(page.number(value, unit));
      expect(signedPct(value)).to.equal(page.signedPct(value));
      expect(compactNumber(value)).to.equal(page.compact(value));
    }
    expect(share(0.82)).to.equal(page.share(0.82));
  });
});
