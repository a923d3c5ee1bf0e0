import { expect } from 'chai';
import { parseSplit, splitSeries } from './forecast-bench-split.js';

describe('forecast-bench-split', () => {
  const series = ['N1402', 'N1403', 'N1404', 'N1405', 'N1406'];

  it('keeps the series at odd 1-based positions for odd', () => {
    expect(splitSeries(series, 'odd')).to.deep.equal(['N1402', 'N1404', 'N1406']);
  });

  it('keeps the series at even 1-based positions for even', () => {
    expect(splitSeries(series, 'even')).to.deep.equal(['N1403', 'N1405']);
  });

  it('keeps every series without a split, and the two halves make up the whole', () => {
    expect(splitSeries(series, null)).to.deep.equal(series);
    expect([...splitSeries(series, 'odd'), ...splitSeries(series, 'even')].sort()).to.deep.equal(series);
  });

  it('refuses any other value, naming the flag', () => {
    expect(() => parseSplit('first')).to.throw('--split must be odd or even, got "first"');
  });
});
