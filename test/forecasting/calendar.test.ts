import { expect } from 'chai';
import { addMonths, monthIndex, monthKey, monthOfYear, yearOf } from '../../forecasting/calendar.js';

describe('forecasting/calendar', () => {
  const table = [
    { key: '2024-01', plus: -1, expected: '2023-12' },
    { key: '2024-12', plus: 1, expected: '2025-01' },
    { key: '2024-06', plus: 18, expected: '2025-12' },
    { key: '0001-01', plus: 0, expected: '0001-01' },
  ];
  for (const row of table) {
    it(`adds ${row.plus} months to ${row.key} giving ${row.expected}`, () => {
      expect(addMonths(row.key, row.plus)).to.equal(row.expected);
    });
  }

  it('round-trips month keys and splits them into year and month', () => {
    const i = monthIndex('2025-03');
    expect(monthKey(i)).to.equal('2025-03');
    expect(yearOf(i)).to.equal(2025);
    expect(monthOfYear(i)).to.equal(3);
  });

  for (const bad of ['2024-13', '2024-1', '24-01', '2024-00', '', '2024-01-01']) {
    it(`refuses the malformed month ${JSON.stringify(bad)} naming the field`, () => {
      expect(() => monthIndex(bad, 'start')).to.throw(/^start: expected a month as YYYY-MM/);
    });
  }
});
