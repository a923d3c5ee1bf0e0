import { expect } from 'chai';
import { compactNumber, fullNumber, monthLabel, signedPct } from '../../../service/report/format.js';

describe('format', () => {
  const cases: [string, () => string, string][] = [
    ['whole vehicles with thousands separators', () => fullNumber(44126, 'units'), '44,126'],
    ['GWh in tenths', () => fullNumber(38.44, 'GWh'), '38.4'],
    ['large GWh whole', () => fullNumber(1234.5, 'GWh'), '1,235'],
    ['small values in hundredths', () => fullNumber(0.456, 'pct'), '0.46'],
    ['a missing value', () => fullNumber(null, 'units'), 'n/a'],
    ['growth with a plus sign', () => signedPct(12.345), '+12.3 %'],
    ['decline with a true minus sign', () => signedPct(-4), '\u22124.0 %'],
    ['no sign on zero', () => signedPct(-0.01), '0.0 %'],
    ['compact axis labels', () => compactNumber(45000), '45K'],
    ['month labels', () => monthLabel('2025-06'), 'Jun 2025'],
  ];
  for (const [name, run, want] of cases) {
    it(`formats ${name}: ${want}`, () => {
      expect(run()).to.equal(want);
    });
  }
});
