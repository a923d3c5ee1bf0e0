import { expect } from 'chai';
import type { InfluxDB } from 'influx';
import { ForecastStore } from '../../../service/forecasts/forecast-store.js';
import { InfluxRunLog } from '../../../service/jobs/run-log.js';
import { InfluxSeriesStore } from '../../../service/storage/influx-store.js';
import type { InfluxLineWriter } from '../../../service/storage/line-writer.js';
import { TORN_RETRY_MS, wholeRows } from '../../../service/storage/whole-rows.js';

type Row = Record<string, unknown>;

/** Answers each read with the next of `answers` (the last one again once they run out), counting reads. */
function reads(...answers: Row[][]) {
  let n = 0;
  return {
    read: async () => answers[Math.min(n++, answers.length - 1)]!.map((r) => ({ ...r })),
    count: () => n,
  };
}

/** A client whose queries answer as `reads` does: InfluxDB showing a point while its write is applied. */
const clientOf = (answers: ReturnType<typeof reads>) => ({ query: answers.read }) as unknown as InfluxDB;

describe('service/storage/whole-rows', () => {
  const waits: number[] = [];
  const wait = async (ms: number) => {
    waits.push(ms);
  };
  beforeEach(() => (waits.length = 0));

  it('answers the first read when every row has every field', async () => {
    const r = reads([{ a: 1, b: false }], [{ a: 2, b: true }]);
    expect(await wholeRows(r.read, ['a', 'b'], wait)).to.deep.equal([{ a: 1, b: false }]);
    expect(r.count()).to.equal(1);
  });

  it('reads again while a row lacks a field, and answers the rows once its write has finished', async () => {
    const r = reads(
      [{ a: 1 }, { a: 2, b: null }],
      [{ a: 1 }, { a: 2 }],
      [
        { a: 1, b: 0 },
        { a: 2, b: 3 },
      ],
    );
    expect(await wholeRows(r.read, ['a', 'b'], wait)).to.deep.equal([
      { a: 1, b: 0 },
      { a: 2, b: 3 },
    ]);
    expect(r.count()).to.equal(3);
    expect(waits).to.deep.equal(TORN_RETRY_MS.slice(0, 2));
  });

  it('leaves out a row still torn after the last retry, and keeps the whole ones', async () => {
    const r = reads([
      { a: 1, b: 1 },
      { a: null, b: 2 },
    ]);
    expect(await wholeRows(r.read, ['a', 'b'], wait)).to.deep.equal([{ a: 1, b: 1 }]);
    expect(r.count()).to.equal(TORN_RETRY_MS.length + 1);
    expect(waits).to.deep.equal(TORN_RETRY_MS);
  });

  it('never answers an outcome whose actual InfluxDB had not shown yet as an actual of 0', async () => {
    const outcome = {
      time: new Date(Date.UTC(2024, 0, 1)),
      series: 'b_sales',
      run: 'r1',
      model: 'comb4',
      h: 1,
      fitted_at: Date.UTC(2023, 11, 20),
      actual: 1500,
      point: 1400,
      error: 100,
      ape_pct: 100 / 15,
      has_ape: true,
      within80: true,
      within95: true,
    };
    const store = new ForecastStore(clientOf(reads([{ ...outcome, actual: null, error: null }], [outcome])));
    const [scored] = await store.outcomes('b_sales');
    expect(scored).to.include({ month: '2024-01', actual: 1500, error: 100 });
  });

  it('never answers a figure whose value InfluxDB had not shown yet as a figure of 0', async () => {
    const figure = {
      time: new Date(Date.UTC(2024, 0, 1)),
      series: 's',
      kind: 'monthly',
      src: 'abc',
      value: 1500,
      source: 'https://a.example/',
      quote: '',
      has_yoy: false,
      yoy_pct_stated: 0,
      ingested_at: 1,
      first_ingested_at: 1,
      live: true,
      batch: 'b1',
    };
    const store = new InfluxSeriesStore(
      clientOf(reads([{ ...figure, value: null }], [figure])),
      {} as InfluxLineWriter,
    );
    const figures = await store.readFigures({ series: ['s'] });
    expect(figures.map((f) => [f.month, f.value])).to.deep.equal([['2024-01', 1500]]);
  });

  it('never lists a run record whose status InfluxDB had not shown yet', async () => {
    const run = {
      time: new Date(Date.UTC(2026, 11, 1)),
      job: 'forecast',
      run: 'r1',
      trigger: 'ingest',
      status: 'running',
      slot: 0,
      has_slot: false,
      finished_at: 0,
      duration_ms: -1,
      series_total: 3,
      series_fitted: 0,
      errors: '[]',
      message: '',
    };
    const log = new InfluxRunLog(clientOf(reads([{ ...run, status: null }], [run])));
    expect((await log.list({ job: 'forecast' })).map((r) => r.status)).to.deep.equal(['running']);
  });
});
