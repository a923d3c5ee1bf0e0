import { expect } from 'chai';
import { forecast } from '../../../forecasting/index.js';
import type { ForecastRequest } from '../../../forecasting/types.js';
import { ForecastStore } from '../../../service/forecasts/forecast-store.js';
import { refitJob } from '../../../service/jobs/refit-job.js';
import { silentPublisher } from '../../../service/live/publisher.js';
import { createLogger } from '../../../service/logger.js';
import { connectInflux } from '../../../service/storage/influx-store.js';
import { createTestDatabase } from '../../support/influxd.js';

const logger = createLogger('silent');

/**
 * Two years of a seasonal series; `empty` has no figures and `short` too few for any interval (both wait for
 * more, which is no failure), `bad` and `worse` a figure the engine refuses.
 */
function valuesOf(id: string): { start: string | null; values: number[] } {
  if (id === 'empty') return { start: null, values: [] };
  if (id === 'short') return { start: '2025-01', values: [5, 6] };
  if (id === 'bad') return { start: '2025-01', values: [5, 6, Infinity] };
  if (id === 'worse') return { start: '2025-01', values: [5, -Infinity, 6, 7] };
  const base = 100 + id.charCodeAt(id.length - 1);
  return {
    start: '2024-01',
    values: Array.from({ length: 24 }, (_, k) =>
      Math.round(base * (1 + k / 30) * (1 + 0.2 * Math.sin((2 * Math.PI * k) / 12))),
    ),
  };
}

describe('service/jobs/refit-job', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db.drop();
  });

  const cases = [
    { name: 'fits one series at a time by default', concurrency: undefined, lanes: 1 },
    { name: 'keeps as many fits under way as asked (fits elsewhere)', concurrency: 3, lanes: 3 },
  ];
  for (const c of cases) {
    it(`${c.name}, and lists failures in series order`, async () => {
      const ids = ['a', 'empty', 'b', 'short', 'bad', 'c', 'worse', 'd'];
      let inFlight = 0;
      let most = 0;
      let entered = 0;
      // Every series but `empty` and `short` reaches the engine; fits wait until a lane's worth are under way (or none can follow).
      const reaching = ids.length - 2;
      const waiting: (() => void)[] = [];
      const job = refitJob({
        schedule: { cron: '0 0 1 * * *', timezone: 'UTC' },
        seriesIds: async () => ids,
        monthlyValues: async (id) => valuesOf(id),
        forecast: async (request: ForecastRequest) => {
          inFlight += 1;
          entered += 1;
          most = Math.max(most, inFlight);
          if (inFlight < c.lanes && entered < reaching) await new Promise<void>((resolve) => waiting.push(resolve));
          else for (const release of waiting.splice(0)) release();
          try {
            return forecast({ ...request, paths: 200, backtest: false });
          } finally {
            inFlight -= 1;
          }
        },
        store: new ForecastStore(await connectInflux({ url: db.url, database: db.database })),
        engine: 'test',
        publisher: silentPublisher,
        clock: { now: () => Date.parse('2026-11-25T00:00:00Z') },
        logger,
        ...(c.concurrency === undefined ? {} : { concurrency: c.concurrency }),
      });
      const progress: number[] = [];
      const outcome = await job.run({
        runId: `run-${c.lanes}`,
        trigger: 'manual',
        slot: null,
        // Full: the cases share a database, and the second must fit what the first stored.
        options: { scope: null, full: true },
        progress: (done) => progress.push(done),
      });
      expect(most).to.equal(c.lanes);
      expect(outcome.total).to.equal(ids.length);
      expect(outcome.done).to.equal(4);
      expect(outcome.errors.map((e) => [e.series, e.code])).to.deep.equal([
        ['bad', 'FORECAST_INPUT_INVALID'],
        ['worse', 'FORECAST_INPUT_INVALID'],
      ]);
      expect(outcome.message).to.equal(
        'fitted 4 of 8 series (full re-fit); 2 need more figures before any forecast; 2 failed',
      );
      expect(progress).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    });
  }
});
