import { expect } from 'chai';
import { ForecastedSeries } from '../../../service/forecasts/forecasted-series.js';
import { ForecastStore } from '../../../service/forecasts/forecast-store.js';
import { connectInflux } from '../../../service/storage/influx-store.js';
import { createTestDatabase } from '../../support/influxd.js';
import { knownForecast } from '../../support/known-forecast.js';

describe('forecasted series: which series have a band to read', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  it('knows the forecasts stored when a batch began, then those stored meanwhile by this process', async () => {
    const client = await connectInflux({ url: db.url, database: db.database });
    const store = new ForecastStore(client);
    const band = { month: '2025-01', h: 1, point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: 120 };
    await store.write(knownForecast('a', 'r1', '2024-12-20T00:00:00Z', '2024-12', [band]));
    const forecasted = new ForecastedSeries(client);
    expect([...(await forecasted.among(['a', 'b', 'c'], 'batch-1'))]).to.deep.equal(['a']);

    // Another process stores one: not seen within the batch, seen by the next one.
    await store.write(knownForecast('b', 'r1', '2024-12-20T00:00:00Z', '2024-12', [band]));
    expect([...(await forecasted.among(['a', 'b'], 'batch-1'))]).to.deep.equal(['a']);
    expect([...(await forecasted.among(['a', 'b'], 'batch-2'))].sort()).to.deep.equal(['a', 'b']);

    // This process stores one: seen at once.
    forecasted.add('c');
    expect([...(await forecasted.among(['c'], 'batch-2'))]).to.deep.equal(['c']);
  });
});
