import { expect } from 'chai';
import { isAdditiveUnit, isCountUnit } from '../../common/units.js';

describe('common/units', () => {
  const table: Array<{ unit: string; count: boolean; additive: boolean }> = [
    { unit: 'units', count: true, additive: true },
    { unit: 'unit', count: true, additive: true },
    { unit: 'Vehicles', count: true, additive: true },
    { unit: 'cars', count: true, additive: true },
    { unit: ' units ', count: true, additive: true },
    { unit: 'GWh', count: false, additive: true },
    { unit: 'EUR', count: false, additive: true },
    { unit: '%', count: false, additive: false },
    { unit: 'pct', count: false, additive: false },
    { unit: 'Share', count: false, additive: false },
    { unit: 'rate', count: false, additive: false },
    { unit: 'index', count: false, additive: false },
    { unit: 'units sold', count: false, additive: true },
  ];
  for (const c of table) {
    it(`reads ${JSON.stringify(c.unit)} as ${c.count ? 'a count' : 'not a count'}, ${c.additive ? 'additive' : 'not additive'}`, () => {
      expect(isCountUnit(c.unit)).to.equal(c.count);
      expect(isAdditiveUnit(c.unit)).to.equal(c.additive);
    });
  }
});
