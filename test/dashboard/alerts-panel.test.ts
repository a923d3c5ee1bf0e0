import { expect } from 'chai';
import { knownForecast } from '../support/known-forecast.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { ForecastStore } from '../../service/forecasts/forecast-store.js';
import { connectInflux } from '../../service/storage/influx-store.js';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { csv, request, startTestService, type TestService } from '../support/service.js';

const run = promisify(execFile);
const header = 'series,month,value,unit,source\n';
const row = (month: string, value: number) => `aito_deliveries,${month},${value},vehicles,https://a.example/\n`;

describe('alerts panel in headless Chromium', function () {
  this.timeout(90_000);
  let service: TestService;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await run(process.execPath, ['--import', 'tsx', 'dashboard/build.ts']);
    service = await startTestService({ config: { refitDebounceMs: 0 } });
    const history = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((m) => row(`2024-${m}`, 40_000));
    expect((await request(service.url, '/api/v1/ingest', csv(header + history.join('')))).status).to.equal(200);
    await service.alerts.idle();
    const client = await connectInflux({ url: service.influxUrl, database: service.database });
    await new ForecastStore(client).write(
      knownForecast('aito_deliveries', 'run-before', '2024-11-20T00:00:00Z', '2024-10', [
        { month: '2024-11', h: 1, point: 40_000, lo80: 36_000, hi80: 44_000, lo95: 33_000, hi95: 47_000 },
      ]),
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });

  it('shows a figure far outside its band in the panel and the header badge without a reload', async () => {
    await page.goto(`${service.url}/`);
    await page.locator('#connection.conn-live').waitFor();
    expect(await page.locator('#alert-badge').isHidden(), 'nothing firing yet').to.equal(true);
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));

    const res = await request(service.url, '/api/v1/ingest', csv(header + row('2024-11', 12_000)));
    expect(res.status).to.equal(200);

    const item = page.locator('#alerts li[data-alert="surprise|aito_deliveries|2024-11"]');
    await item.waitFor();
    expect(await item.locator('.alert-severity').textContent()).to.equal('critical');
    expect(await item.locator('.alert-series').textContent()).to.equal('aito_deliveries');
    expect(await item.locator('.alert-when').textContent()).to.match(/^since /);
    expect(await page.locator('#alert-badge').textContent()).to.equal('1');
    expect(loads, 'no reload').to.deep.equal([]);
    await page.screenshot({ path: await artifactPath('alerts-panel.png'), fullPage: true });
  });
});
