import { expect } from 'chai';
import { knownForecast } from '../support/known-forecast.js';
import type { Browser, Page } from 'playwright-core';
import { addMonths, dateToMonth } from '../../common/month.js';
import { ForecastStore } from '../../service/forecasts/forecast-store.js';
import { connectInflux } from '../../service/storage/influx-store.js';
import { artifactPath, buildDashboard, launchBrowser } from '../support/browser.js';
import { csv, jsonBody, request, startTestService, type TestService } from '../support/service.js';

const header = 'series,month,value,unit,source\n';
const row = (month: string, value: number) => `aito_deliveries,${month},${value},vehicles,https://a.example/\n`;

const SURPRISE = 'surprise|aito_deliveries|2024-11';

describe('alerts panel and chart marks in headless Chromium', function () {
  this.timeout(90_000);
  let service: TestService;
  let browser: Browser;
  let page: Page;
  let forecasts: ForecastStore;

  before(async () => {
    await buildDashboard();
    // No re-fits after ingests, and the first run at start over before any series exists: the bands the alerts
    // judge against are the known forecasts written below, never a fit the service made meanwhile.
    service = await startTestService({ config: { refitDebounceMs: 0 } });
    await service.jobs.idle();
    const history = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((m) => row(`2024-${m}`, 40_000));
    expect((await request(service.url, '/api/v1/ingest', csv(header + history.join('')))).status).to.equal(200);
    await service.alerts.idle();
    const client = await connectInflux({ url: service.influxUrl, database: service.database });
    forecasts = new ForecastStore(client);
    await forecasts.write(
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

    const item = page.locator(`#alerts li[data-alert="${SURPRISE}"]`);
    await item.waitFor();
    expect(await item.locator('.alert-severity').textContent()).to.equal('critical');
    expect(await item.locator('.alert-series').textContent()).to.equal('aito_deliveries');
    expect(await item.locator('.alert-when').textContent()).to.match(/^since /);
    expect(await page.locator('#alert-badge').textContent()).to.equal('1');
    expect(loads, 'no reload').to.deep.equal([]);
    await page.screenshot({ path: await artifactPath('alerts-panel.png'), fullPage: true });

    // Silenced from the page with an admin token: out of the badge, still in the panel, marked.
    await page.locator('input[name="admin-token"]').fill(service.token);
    await page.locator('input[name="silence-reason"]').fill('a known one-off');
    await item.locator('button[data-silence]').click();
    await page.locator(`#alerts li.alert-silenced[data-alert="${SURPRISE}"]`).waitFor();
    expect(await item.locator('.alert-mark').first().textContent()).to.match(
      /^silenced until .+ by PULSECAST_ADMIN_TOKEN$/,
    );
    expect(await page.locator('#alert-badge').isHidden(), 'a silenced alert is not counted').to.equal(true);
    expect(await item.locator('.alert-severity').textContent()).to.equal('critical');
    const silences = await request(service.url, '/api/v1/silences');
    expect(silences.body.silences.map((x: { reason: string }) => x.reason)).to.deep.equal(['a known one-off']);
    expect(loads, 'no reload').to.deep.equal([]);
  });

  it('marks each surprise on the series chart with the band it left, a new one live, and a month expected but not in', async () => {
    await forecasts.write(
      knownForecast('aito_deliveries', 'run-dec', '2024-12-20T00:00:00Z', '2024-11', [
        { month: '2024-12', h: 1, point: 40_000, lo80: 36_000, hi80: 44_000, lo95: 33_000, hi95: 47_000 },
      ]),
    );
    await page.goto(`${service.url}/#/series/aito_deliveries`);
    const november = page.locator('.mark-surprise[data-month="2024-11"]');
    await november.waitFor();
    expect(await november.getAttribute('title')).to.match(
      /^Surprise: .*12,000 is 70 % below the forecast 40,000, outside its 95 % band 33,000–47,000/,
    );
    expect(await november.getAttribute('class')).to.include('mark-critical');
    // Drawn from the alert's numbers: the actual's ring lies below both brackets, the 80 % one inside the 95 % one.
    const box = async (sel: string) => (await november.locator(sel).boundingBox())!;
    const [ring, w95, w80] = [await box('.ring'), await box('.w95'), await box('.w80')];
    expect(ring.y).to.be.above(w95.y + w95.height);
    expect(w80.y).to.be.above(w95.y);
    expect(w80.y + w80.height).to.be.below(w95.y + w95.height);
    expect(w95.height).to.be.above(10);
    // Pointing at the month tells the surprise in the chart's tooltip.
    await page.mouse.move(ring.x + ring.width / 2, ring.y - 30);
    await page.locator('.tooltip .tip-alert', { hasText: 'Surprise: aito_deliveries 2024-11: 12,000' }).waitFor();

    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    const res = await request(service.url, '/api/v1/ingest', csv(header + row('2024-12', 90_000)));
    expect(res.status).to.equal(200);
    const december = page.locator('.mark-surprise[data-month="2024-12"]');
    await december.waitFor();
    expect(await december.getAttribute('title')).to.match(/90,000 is 125 % above the forecast 40,000/);
    expect(await page.locator('.mark-missing').count(), 'no month is overdue').to.equal(0);
    await page.screenshot({ path: await artifactPath('series-surprise.png'), fullPage: true });

    // A series whose next month is overdue by a rule's expected day, relative to today.
    const latest = addMonths(dateToMonth(new Date()), -3);
    const late = [3, 2, 1, 0].map((back) => `late,${addMonths(latest, -back)},100,units,https://a.example/\n`);
    expect((await request(service.url, '/api/v1/ingest', csv(header + late.join('')))).status).to.equal(200);
    await page.goto(`${service.url}/#/series/late`);
    await page.locator('#main-chart canvas').first().waitFor();
    const rules = (await request(service.url, '/api/v1/alert-rules')).body.rules;
    const byFifth = { id: 'due-by-5th', kind: 'missing', series: { ids: ['late'] }, settings: { expectedByDay: 5 } };
    const put = await request(service.url, '/api/v1/alert-rules', {
      ...jsonBody({ rules: [...rules, byFifth] }),
      method: 'PUT',
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    await service.jobs.idle();
    expect((await service.jobs.trigger('alerts', 'manual', { query: {} })).status).to.equal('ok');
    const expected = page.locator(`.mark-missing[data-month="${addMonths(latest, 1)}"]`);
    await expected.waitFor();
    const due = new Date(`${addMonths(latest, 2)}-05T00:00:00Z`);
    const day = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(due);
    expect(await expected.locator('.slot-label').textContent()).to.equal(`expected by ${day}`);
    expect(await page.locator('.mark-surprise').count()).to.equal(0);
    expect(loads, 'no reload').to.deep.equal([]);
  });
});
