import { expect } from 'chai';
import { forecast } from '../../../forecasting/index.js';
import type { ForecastStore, LastFit } from '../../../service/forecasts/forecast-store.js';
import type { ForecastOutcome, SeriesForecast } from '../../../service/contract/index.js';
import { refitJob, STORE_RETRY_MS, WRITE_BATCH_SERIES } from '../../../service/jobs/refit-job.js';
import { StoreError } from '../../../service/storage/store-error.js';
import { silentPublisher } from '../../../service/live/publisher.js';
import { createLogger } from '../../../service/logger.js';
import { ManualClock } from './manual-clock.js';

/** Records what the job stores; earlier forecasts of every month are at 100 ± 10/20. */
class RecordingStore {
  readonly writes: { forecasts: SeriesForecast[]; outcomes: ForecastOutcome[] }[] = [];
  async writeMany(forecasts: readonly SeriesForecast[], outcomes: readonly ForecastOutcome[] = []): Promise<void> {
    this.writes.push({ forecasts: [...forecasts], outcomes: [...outcomes] });
  }
  async inputs(): Promise<Map<string, LastFit>> {
    return new Map();
  }
  async forecastsOf(_series: string, months: readonly string[]) {
    return months.map((month) => ({
      month,
      h: 1,
      point: 100,
      lo80: 90,
      hi80: 110,
      lo95: 80,
      hi95: 120,
      yoyPct: null,
      yoyBasis: null,
      run: 'earlier',
      model: 'm',
      fittedAt: '2024-01-01T00:00:00.000Z',
    }));
  }
}

const monthly = (n: number) => Array.from({ length: n }, (_, i) => 100 + 2 * i + 15 * Math.sin((2 * Math.PI * i) / 12));

describe('service/jobs/refit-job: storing in batches', function () {
  this.timeout(20_000);

  it('stores forecasts in batches, announces each, scores earlier forecasts, and tells a series waiting for figures from a failure', async () => {
    const store = new RecordingStore();
    const announced: string[] = [];
    const ids = Array.from({ length: WRITE_BATCH_SERIES + 3 }, (_, i) => `s${i}`);
    const job = refitJob({
      schedule: { cron: '0 30 6 * * *', timezone: 'Asia/Shanghai' },
      seriesIds: async () => [...ids, 'too_short'],
      monthlyValues: async (id) =>
        id === 'too_short' ? { start: '2024-01', values: [5, 6] } : { start: '2022-01', values: monthly(30) },
      forecast,
      store: store as unknown as ForecastStore,
      engine: 'test',
      publisher: { ...silentPublisher, forecast: (e) => announced.push(e.series) },
      clock: new ManualClock(Date.parse('2024-07-01T00:00:00Z')),
      logger: createLogger('silent'),
    });
    const progress: number[] = [];
    const outcome = await job.run({
      runId: 'r1',
      trigger: 'manual',
      slot: null,
      options: { scope: null },
      progress: (done) => progress.push(done),
    });
    expect(outcome.total).to.equal(ids.length + 1);
    expect(outcome.done).to.equal(ids.length);
    // Two figures: no method can forecast it yet, which is no failure of the run.
    expect(outcome.errors).to.deep.equal([]);
    expect(outcome.message).to.match(/; 1 need more figures before any forecast$/);
    // Two stores: a full batch, then the rest with the short series' scored outcomes.
    expect(store.writes.map((w) => w.forecasts.length)).to.deep.equal([WRITE_BATCH_SERIES, 3]);
    expect(announced).to.deep.equal(ids);
    expect(progress[progress.length - 1]).to.equal(ids.length + 1);
    const first = store.writes[0]!.forecasts[0]!;
    expect(first).to.include({ series: 's0', run: 'r1', lastActual: '2024-06', fittedAt: '2024-07-01T00:00:00.000Z' });
    expect(first.points[0]).to.include({ month: '2024-07', h: 1 });
    // A full run scores the recent months of every series, including one it cannot fit.
    const scored = store.writes.flatMap((w) => w.outcomes);
    expect(new Set(scored.map((o) => o.series))).to.deep.equal(new Set([...ids, 'too_short']));
    expect(scored.find((o) => o.series === 'too_short' && o.month === '2024-02')).to.include({
      actual: 6,
      point: 100,
      error: -94,
      within95: false,
    });
  });

  it('tells the live channel how far it is a hundred times a run at most, and at the end', async () => {
    const values = monthly(30);
    const fit = forecast({ values, start: '2022-01', paths: 100, backtest: false });
    const ids = Array.from({ length: 250 }, (_, i) => `s${i}`);
    const job = refitJob({
      schedule: { cron: '0 30 6 * * *', timezone: 'UTC' },
      seriesIds: async () => ids,
      monthlyValues: async () => ({ start: '2022-01', values }),
      forecast: () => fit,
      store: new RecordingStore() as unknown as ForecastStore,
      engine: 'test',
      publisher: silentPublisher,
      clock: new ManualClock(Date.parse('2024-07-01T00:00:00Z')),
      logger: createLogger('silent'),
    });
    const progress: number[] = [];
    await job.run({
      runId: 'r2',
      trigger: 'manual',
      slot: null,
      options: { scope: null },
      progress: (done) => progress.push(done),
    });
    // Every third series (250 / 100, rounded up), then the last.
    expect(progress).to.have.length(1 + 83 + 1);
    expect(progress.slice(0, 3)).to.deep.equal([0, 3, 6]);
    expect(progress[progress.length - 1]).to.equal(250);
  });

  it('waits and tries again while InfluxDB cannot answer, and fails a series at once when it refuses', async () => {
    const values = monthly(30);
    const fit = forecast({ values, start: '2022-01', paths: 100, backtest: false });
    const failures: Record<string, StoreError[]> = {
      slow: [new StoreError(true, 'No host available'), new StoreError(true, 'timeout')],
      down: STORE_RETRY_MS.map(() => new StoreError(true, 'No host available')).concat(new StoreError(true, 'still')),
      refused: [new StoreError(false, 'bad request')],
    };
    const waits: number[] = [];
    const job = refitJob({
      schedule: { cron: '0 30 6 * * *', timezone: 'UTC' },
      seriesIds: async () => ['slow', 'down', 'refused', 'fine'],
      monthlyValues: async (id) => {
        const error = failures[id]?.shift();
        if (error) throw error;
        return { start: '2022-01', values };
      },
      forecast: () => fit,
      store: new RecordingStore() as unknown as ForecastStore,
      engine: 'test',
      publisher: silentPublisher,
      clock: new ManualClock(Date.parse('2024-07-01T00:00:00Z')),
      logger: createLogger('silent'),
      wait: async (ms) => void waits.push(ms),
    });
    const outcome = await job.run({
      runId: 'r3',
      trigger: 'manual',
      slot: null,
      options: { scope: null },
      progress: () => {},
    });
    expect(outcome.done).to.equal(2);
    expect(outcome.errors.map((e) => [e.series, e.code])).to.deep.equal([
      ['down', 'STORAGE_UNAVAILABLE'],
      ['refused', 'STORAGE_REJECTED'],
    ]);
    expect(waits).to.deep.equal([1000, 2000, ...STORE_RETRY_MS]);
  });
});
