import { expect } from 'chai';
import { jsonBody, request, startTestService, type TestService } from '../../support/service.js';

/** Monthly rows of a seasonal, growing series (a December high, a June low) over `months` from `from`. */
function rows(series: string, from: number, months: number, scale: number, skip: readonly number[] = []) {
  return Array.from({ length: months }, (_, i) => i)
    .filter((i) => !skip.includes(i))
    .map((i) => {
      const t = from + i;
      const year = 2020 + Math.floor(t / 12);
      const m = (t % 12) + 1;
      const value = Math.round(scale * (1 + 0.015 * t) * (1 + 0.35 * Math.cos((2 * Math.PI * (m - 12)) / 12)));
      return { series, month: `${year}-${String(m).padStart(2, '0')}`, value, unit: 'units', source: 'test' };
    });
}

async function forecastOf(service: TestService, series: string) {
  const run = await request(service.url, '/api/v1/jobs/forecast/run?full=true', { method: 'POST' });
  expect(run.status, JSON.stringify(run.body)).to.equal(200);
  return (await request(service.url, `/api/v1/forecasts/${series}`)).body.forecast;
}

describe("a maker's short series and the market series of its metric", () => {
  let service: TestService | null = null;
  afterEach(async () => {
    await service?.close();
    service = null;
  });

  async function start(marketEntity: string | null) {
    service = await startTestService({ config: { refitDebounceMs: 0, marketEntity } });
    // The first start's run over no series yet: a manual run after it is not refused as busy.
    await service.jobs.idle();
    // The market: five years; the maker: its last 18 months at a twentieth of the level, two missing.
    const market = rows('china_sales', 0, 60, 100_000);
    const maker = rows('maker_sales', 42, 18, 5_000, [4, 9]);
    const res = await request(service.url, '/api/v1/ingest', jsonBody([...market, ...maker]));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return service;
  }

  it("borrows the market's seasonal shape where its own 16 figures cannot give one, and says so", async () => {
    const running = await start('china');
    const f = await forecastOf(running, 'maker_sales');
    expect(f.model).to.contain('comb4 on the seasonal shape of china_sales');
    expect(f.reason).to.contain('its months follow the seasonal shape of china_sales');
    // December, the market's high, stays the maker's high month of the year ahead.
    const december = f.points.find((p: { month: string }) => p.month === '2025-12');
    expect(Math.max(...f.points.map((p: { point: number }) => p.point))).to.equal(december.point);
    const market = await forecastOf(running, 'china_sales');
    expect(market.model).not.to.contain('seasonal shape');
  });

  it('borrows nothing when no entity is the market (PULSECAST_MARKET_ENTITY=none)', async () => {
    const f = await forecastOf(await start(null), 'maker_sales');
    expect(f.model).not.to.contain('seasonal shape');
    expect(f.reason).not.to.contain('china_sales');
  });
});
