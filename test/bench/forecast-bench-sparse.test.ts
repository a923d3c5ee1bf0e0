import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveSparse } from './forecast-bench-sparse.js';

describe('forecast-bench-sparse', () => {
  let dir: string;
  let meta: string;
  const months = (from: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => from + i);
  const series = Array.from({ length: 8 }, (_, i) => ({
    id: `s${i + 1}`,
    horizon: 18,
    train: months(1, 60),
    test: months(61, 18),
  }));

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulsecast-sparse-'));
    meta = join(dir, 'meta.csv');
    writeFileSync(
      meta,
      `series_id,horizon,start_year,start_month\n${series.map((s) => `${s.id},18,1990,1`).join('\n')}\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const missing = (train: Float64Array): number => train.filter((v) => Number.isNaN(v)).length;

  it('sparse: keeps 13, 18, 24 or 36 months by position, with quarter totals where a month was lost', () => {
    const sparse = deriveSparse(series, meta, 'sparse');
    expect(sparse.map((s) => s.train.length)).to.deep.equal([13, 18, 24, 36, 13, 18, 24, 36]);
    expect(sparse.map((s) => s.test.length)).to.deep.equal(Array(8).fill(12));
    // Odd positions lose 30 % at random, even positions a block of 6.
    expect(sparse.map((s) => missing(s.train))).to.deep.equal([4, 6, 7, 6, 4, 6, 7, 6]);
    expect(sparse.every((s) => s.totals.length > 0)).to.equal(true);
  });

  it('gappy: keeps 42 or 54 months, loses 40 % of them at random but never the last, and gives no totals', () => {
    const gappy = deriveSparse(series, meta, 'gappy');
    expect(gappy.map((s) => s.train.length)).to.deep.equal([42, 54, 42, 54, 42, 54, 42, 54]);
    expect(gappy.map((s) => missing(s.train))).to.deep.equal([17, 22, 17, 22, 17, 22, 17, 22]);
    expect(gappy.map((s) => s.test.length)).to.deep.equal(Array(8).fill(18));
    for (const s of gappy) {
      expect(Number.isNaN(s.train.at(-1) as number)).to.equal(false);
      expect(s.totals).to.deep.equal([]);
      // The kept values are the series' own last months, where they were not lost.
      s.train.forEach((v, t) => Number.isNaN(v) || expect(v).to.equal(60 - s.train.length + t + 1));
    }
    // The same seed every run: a regime the bench and the calibration both derive.
    expect(deriveSparse(series, meta, 'gappy').map((s) => [...s.train])).to.deep.equal(gappy.map((s) => [...s.train]));
  });
});
