import { expect } from 'chai';
import { earlierOrigin, parseEarlier } from './forecast-bench-earlier.js';

describe('forecast-bench-earlier', () => {
  const months = (from: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => from + i);
  const series = [
    { id: 'long', horizon: 18, train: months(1, 50), test: months(51, 18) },
    { id: 'short', horizon: 18, train: months(1, 40), test: months(41, 18) },
  ];

  it('trains on the months before the earlier origin and scores the months after it, never the test part', () => {
    const [long] = earlierOrigin(series, 24);
    expect(long?.id).to.equal('long');
    expect(long?.horizon).to.equal(24);
    expect([...(long?.train ?? [])]).to.deep.equal([...months(1, 26)]);
    expect([...(long?.test ?? [])]).to.deep.equal([...months(27, 24)]);
  });

  it('leaves out a series with under two years of training before the origin', () => {
    expect(earlierOrigin(series, 24).map((s) => s.id)).to.deep.equal(['long']);
    expect(earlierOrigin(series, 16).map((s) => s.id)).to.deep.equal(['long', 'short']);
  });

  it('refuses a value that is not a whole number of months, naming the flag', () => {
    expect(parseEarlier('24')).to.equal(24);
    expect(() => parseEarlier('0')).to.throw('--earlier must be a whole number of months from 1, got "0"');
    expect(() => parseEarlier('1.5')).to.throw('--earlier must be a whole number');
  });
});
