import { expect } from 'chai';
import { Queue } from 'bullmq';
import { forecast } from '../../../forecasting/index.js';
import type { ForecastRequest, ForecastResult } from '../../../forecasting/types.js';
import { createLogger } from '../../../service/logger.js';
import { decode, encode, FIT_QUEUE, RefitQueue } from '../../../service/scale/refit-queue.js';
import { startTestRedis, type TestRedis } from '../../support/redis.js';

const logger = createLogger('silent');

/** Three years of a seasonal, growing monthly series, with a gap. */
function request(seed: number): ForecastRequest {
  const values = Array.from({ length: 36 }, (_, k) =>
    Math.round((400 + 10 * seed) * (1 + k / 36) * (1 + 0.2 * Math.sin((2 * Math.PI * (k % 12)) / 12))),
  );
  values[20] = Number.NaN;
  return { values, start: '2022-01', horizon: 6, seed, paths: 200, backtest: false };
}

describe('scale/refit-queue', () => {
  describe('encode / decode', () => {
    const cases: { name: string; value: unknown }[] = [
      { name: 'NaN (a gap in the values)', value: { values: [1, Number.NaN, 3] } },
      { name: 'the infinities', value: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] },
      { name: 'null stays null', value: { yoyPct: null, basis: '' } },
      { name: 'strings and nesting', value: { a: [{ b: 'NaN', c: -0.5 }] } },
    ];
    for (const c of cases) it(`round-trips ${c.name}`, () => expect(decode(encode(c.value))).to.deep.equal(c.value));
  });

  describe('two instances on one Redis', () => {
    let redis: TestRedis;
    const queues: RefitQueue[] = [];

    beforeEach(async () => {
      redis = await startTestRedis();
    });
    afterEach(async () => {
      await Promise.all(queues.splice(0).map((q) => q.close()));
      await redis.close();
    });

    it('gives a fit to the other instance while one is busy, and each answer is the one fitted here', async () => {
      // A's fit waits until B has started one: the second fit can only go to B.
      const started = { A: 0, B: 0 };
      let bothBusy!: () => void;
      const gate = new Promise<void>((resolve) => (bothBusy = resolve));
      const fitOn =
        (name: 'A' | 'B') =>
        async (r: ForecastRequest): Promise<ForecastResult> => {
          started[name] += 1;
          if (started.A > 0 && started.B > 0) bothBusy();
          await gate;
          return forecast(r);
        };
      const a = new RefitQueue({
        redis: redis.redis,
        keys: redis.keys,
        instance: 'A',
        fit: fitOn('A'),
        lockMs: 5000,
        logger,
      });
      const b = new RefitQueue({
        redis: redis.redis,
        keys: redis.keys,
        instance: 'B',
        fit: fitOn('B'),
        lockMs: 5000,
        logger,
      });
      queues.push(a, b);
      const requests = [1, 2, 3, 4].map(request);
      const answers = await Promise.all(requests.map((r) => a.forecast(r)));
      expect(started.A).to.be.greaterThan(0);
      expect(started.B).to.be.greaterThan(0);
      for (const [i, r] of requests.entries()) expect(answers[i], `series ${i}`).to.deep.equal(forecast(r));
      const queue = new Queue(FIT_QUEUE, { connection: redis.redis, prefix: redis.keys.bull });
      const done = await queue.getJobs(['completed']);
      await queue.close();
      expect(done.map((j) => j.processedBy).sort()).to.deep.equal(
        Array.from({ length: started.A }, () => 'A').concat(Array.from({ length: started.B }, () => 'B')),
      );
    });

    it("rethrows the engine's error with its stable code on the asking instance", async () => {
      const a = new RefitQueue({
        redis: redis.redis,
        keys: redis.keys,
        instance: 'A',
        fit: async (r) => forecast(r),
        lockMs: 5000,
        logger,
      });
      queues.push(a);
      const error = await a.forecast({ values: [1, 2], start: '2024-01' }).then(
        () => null,
        (e: unknown) => e as { code?: string; message?: string },
      );
      expect(error?.code).to.equal('FORECAST_INPUT_INVALID');
      expect(error?.message).to.match(/needs 1 more monthly figure/);
    });
  });
});
