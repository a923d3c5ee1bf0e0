import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { coverageByYear, readStarts } from './forecast-bench-calendar.js';
import type { BenchSeries } from './forecast-bench-data.js';

describe('forecast-bench-calendar', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulsecast-calendar-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads each series start as a calendar month index, and null without the columns', () => {
    const meta = join(dir, 'meta.csv');
    writeFileSync(meta, 'series_id,horizon,start_year,start_month\nA,18,1990,1\nB,18,1983,11\n');
    expect([...(readStarts(meta) ?? [])]).to.deep.equal([
      ['A', 1990 * 12],
      ['B', 1983 * 12 + 10],
    ]);
    const bare = join(dir, 'bare.csv');
    writeFileSync(bare, 'series_id,horizon\nA,18\n');
    expect(readStarts(bare)).to.equal(null);
  });

  it('scores each forecast month in its calendar year, across a year end and across series', () => {
    const series = (test: number[]): BenchSeries => ({
      id: 'x',
      horizon: test.length,
      train: new Float64Array(12),
      test: Float64Array.from(test),
    });
    // Band 0–10 at 80 %, 0–20 at 95 %: 5 is inside both, 15 only the 95 % one, 25 neither.
    const band = (h: number) => ({
      lo80: new Array<number>(h).fill(0),
      hi80: new Array<number>(h).fill(10),
      lo95: new Array<number>(h).fill(0),
      hi95: new Array<number>(h).fill(20),
    });
    const data = [series([5, 15, 25, 5]), series([5, 5]), series([25])];
    // The first starts in November 1990 (two months of 1990, two of 1991), the second in 1991, the third unknown.
    const starts = [1990 * 12 + 10, 1991 * 12 + 5, undefined];
    const line = coverageByYear(
      data,
      data.map((d) => band(d.horizon)),
      (i) => starts[i],
    );
    expect(line).to.equal('1990 0.50/1.00 (2 months), 1991 0.75/0.75 (4 months)');
  });

  it('leaves out years holding under 2 % of the forecast months', () => {
    const long: BenchSeries = {
      id: 'x',
      horizon: 60,
      train: new Float64Array(12),
      test: new Float64Array(60).fill(1),
    };
    const band = {
      lo80: new Array(60).fill(0),
      hi80: new Array(60).fill(2),
      lo95: new Array(60).fill(0),
      hi95: new Array(60).fill(2),
    };
    // December 1990 alone is 1 of 60 months (1.7 %); 1991 to 1994 hold 12 each, 1995 the other 11.
    const line = coverageByYear([long], [band], () => 1990 * 12 + 11);
    expect(line.startsWith('1991 1.00/1.00 (12 months)')).to.equal(true);
    expect(line).not.to.contain('1990');
  });
});
