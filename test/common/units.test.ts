import { expect } from 'chai';
import { isCountUnit } from '../../common/units.js';

describe('common/units', () => {
  const table: Array<{ unit: string; count: boolean }> = [
    { unit: 'units', count: true },
    { unit: 'unit', count: true },
    { unit: 'Vehicles', count: true },
    { unit: 'cars', count: true },
    { unit: ' units ', count: true },
    { unit: 'GWh', count: false },
    { unit: 'EUR', count: false },
    { unit: '%', count: false },
    { unit: 'units sold', count: false },
  ];
  for (const c of table) {
    it(`reads ${JSON.stringify(c.unit)} as ${c.count ? 'a count' : 'not a count'}`, () => {
      expect(isCountUnit(c.unit)).to.equal(c.count);
    });
  }
});
