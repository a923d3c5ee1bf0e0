import { expect } from 'chai';
import { decimalsFor, displayFormat } from '../../common/display-format.js';

describe('common/display-format', () => {
  const en = displayFormat('en-US');
  const de = displayFormat('de-DE', { missing: 'n/a' });

  describe('the precision rule', () => {
    const table: Array<{ value: number; unit: string; decimals: number }> = [
      { value: 0.4, unit: 'units', decimals: 0 },
      { value: 12.7, unit: 'Vehicles', decimals: 0 },
      { value: 3, unit: 'car', decimals: 0 },
      { value: 1234.5, unit: 'GWh', decimals: 0 },
      { value: 999.9, unit: 'GWh', decimals: 1 },
      { value: 10, unit: 'GWh', decimals: 1 },
      { value: 9.99, unit: 'GWh', decimals: 2 },
      { value: -38.44, unit: 'pct', decimals: 1 },
      { value: 0.456, unit: '', decimals: 2 },
    ];
    for (const c of table) {
      it(`shows ${c.value} ${c.unit || '(no unit)'} with ${c.decimals} decimals`, () => {
        expect(decimalsFor(c.value, c.unit)).to.equal(c.decimals);
      });
    }
  });

  const cases: Array<[string, () => string, string]> = [
    ['whole units with thousands separators', () => en.number(44126, 'units'), '44,126'],
    ['a count unit never with decimals, even below 1000', () => en.number(12.7, 'vehicles'), '13'],
    ['GWh in tenths, decimals fixed', () => en.number(38, 'GWh'), '38.0'],
    ['large GWh whole', () => en.number(1234.5, 'GWh'), '1,235'],
    ['small values in hundredths', () => en.number(0.456, 'pct'), '0.46'],
    ['a negative value with a true minus', () => en.number(-1500, 'units'), '\u22121,500'],
    ['a negative value that rounds to zero without a sign', () => en.number(-0.4, 'units'), '0'],
    ['a missing value', () => en.number(null, 'units'), '–'],
    ['a non-finite value', () => en.number(Number.NaN, 'GWh'), '–'],
    ['growth with a plus sign', () => en.signedPct(12.345), '+12.3 %'],
    ['decline with a true minus sign', () => en.signedPct(-4), '\u22124.0 %'],
    ['no sign on growth that rounds to zero', () => en.signedPct(-0.01), '0.0 %'],
    ['a share as a whole percentage', () => en.share(0.825), '83 %'],
    ['a count', () => en.count(1234), '1,234'],
    ['compact axis labels', () => en.compact(45000), '45K'],
    ['compact negative axis labels', () => en.compact(-1_200_000), '\u22121.2M'],
    ['month labels', () => en.month('2025-06'), 'Jun 2025'],
    ['a missing month', () => en.month(null), '–'],
    [
      'German grouping and decimals',
      () => de.number(1234567.8, 'units') + ' / ' + de.number(38.44, 'GWh'),
      '1.234.568 / 38,4',
    ],
    ['German growth', () => de.signedPct(-4.25), '\u22124,3 %'],
    ['German months', () => de.month('2025-06'), 'Juni 2025'],
    ['the missing text it is given', () => de.signedPct(undefined), 'n/a'],
  ];
  for (const [name, run, want] of cases) {
    it(`formats ${name}: ${want}`, () => {
      expect(run()).to.equal(want);
    });
  }

  it('leaves the value it is given unrounded (rounding is only in the text)', () => {
    const value = 12.3456;
    expect(en.signedPct(value)).to.equal('+12.3 %');
    expect(value).to.equal(12.3456);
  });
});
