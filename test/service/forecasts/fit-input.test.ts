import { expect } from 'chai';
import type { ResolvedMonth } from '../../../ingest/resolve.js';
import { fitInput } from '../../../service/forecasts/fit-input.js';

const month = (m: string, value: number) => ({ month: m, value }) as ResolvedMonth;

describe('service/forecasts/fit-input', () => {
  it('gives nothing to fit for a series without months', () => {
    expect(fitInput({ months: [], spanTotals: [] })).to.deep.equal({ start: null, values: [], totals: [] });
  });

  it('lays the months out densely and passes the totals of spans with missing months only', () => {
    const input = fitInput({
      months: [month('2024-01', 10), month('2024-02', 20), month('2024-03', 30), month('2024-05', 50)],
      spanTotals: [
        { from: '2024-01', to: '2024-03', total: 60 },
        { from: '2024-04', to: '2024-07', total: 200 },
      ],
    });
    expect(input.start).to.equal('2024-01');
    expect(input.values.map((v) => (Number.isNaN(v) ? null : v))).to.deep.equal([10, 20, 30, null, 50, null, null]);
    expect(input.totals).to.deep.equal([{ from: '2024-04', to: '2024-07', total: 200 }]);
  });

  it('starts at the first month of a total that begins before the first monthly figure', () => {
    const input = fitInput({
      months: [month('2025-08', 45818)],
      spanTotals: [{ from: '2025-01', to: '2025-08', total: 296202 }],
    });
    expect(input.start).to.equal('2025-01');
    expect(input.values).to.have.length(8);
    expect(input.totals).to.have.length(1);
  });

  it('leaves out a total below the figures it covers, which cannot be spread over its missing months', () => {
    const input = fitInput({
      months: [month('2024-01', 100), month('2024-02', 100), month('2024-05', 100)],
      spanTotals: [{ from: '2024-01', to: '2024-04', total: 150 }],
    });
    expect(input.totals).to.deep.equal([]);
  });
});
