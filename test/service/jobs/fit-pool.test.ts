import { expect } from 'chai';
import { forecast } from '../../../forecasting/index.js';
import { FitError, FitPool } from '../../../service/jobs/fit-pool.js';

describe('service/jobs/fit-pool', function () {
  // The first request starts the worker thread, which compiles the engine from sources under tsx.
  this.timeout(30_000);
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
});
