import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { expect } from 'chai';
import { forecast } from '../../../forecasting/index.js';
import { FIT_NICE, FitError, FitPool } from '../../../service/jobs/fit-pool.js';

/** Nice values of this process's threads (Linux: /proc/self/task/TID/stat, field 19). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('service/jobs/fit-pool', function () {
  // The first request starts a worker thread, which compiles the engine from sources under tsx.
  this.timeout(60_000);
  const pool = new FitPool();
  after(() => pool.close());

  const values = Array.from({ length: 30 }, (_, i) => 200 + 5 * i + 40 * Math.sin((2 * Math.PI * i) / 12));

  it('answers exactly what the engine answers on this thread', async () => {
    const request = { values, start: '2022-01', horizon: 6, seed: 7, backtest: false };
    expect(await pool.forecast(request)).to.deep.equal(forecast(request));
  });

  it("rejects with the engine's stable code and message", async () => {
    try {
      await pool.forecast({ values: [1, 2], start: '2024-01' });
      expect.fail('should have been refused');
    } catch (error) {
      expect(error).to.be.instanceOf(FitError);
      expect((error as FitError).code).to.equal('FORECAST_INPUT_INVALID');
      expect((error as FitError).message).to.contain('values');
    }
  });

  it("is the size of the machine's cores unless told otherwise", () => {
    expect(pool.size).to.equal(os.availableParallelism());
    expect(new FitPool({ size: 3 }).size).to.equal(3);
    expect(new FitPool({ size: 0 }).size).to.equal(1);
  });

  describe('with two workers', () => {
    const two = new FitPool({ size: 2 });
    after(() => two.close());

    it('fits on both, one fit each, and answers every request with its own result', async () => {
      const requests = Array.from({ length: 6 }, (_, k) => ({
        values: values.map((v) => v * (k + 1)),
        start: '2022-01',
        horizon: 3,
        seed: k,
        backtest: false,
        paths: 100,
      }));
      const results = await Promise.all(requests.map((r) => two.forecast(r)));
      expect(two.workers).to.equal(2);
      results.forEach((result, k) => expect(result).to.deep.equal(forecast(requests[k]!)));
    });

    it('runs its workers below the priority of the thread that answers requests', function () {
      if (process.platform !== 'linux') this.skip();
      expect(os.getPriority()).to.equal(0);
      expect(threadNiceValues().filter((nice) => nice === FIT_NICE).length).to.be.at.least(2);
    });
  });

  it('refuses fits once closed', async () => {
    const closed = new FitPool({ size: 1 });
    await closed.close();
    try {
      await closed.forecast({ values, start: '2022-01' });
      expect.fail('should have been refused');
    } catch (error) {
      expect((error as Error).message).to.contain('closed');
    }
  });
});
