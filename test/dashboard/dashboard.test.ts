import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { fullNumber, signedPct } from '../../service/report/format.js';
import { artifactPath, buildDashboard, launchBrowser } from '../support/browser.js';
import { csv, jsonBody, request, startTestService, type TestService } from '../support/service.js';

const SERIES = 'cn_battery_install';

describe('dashboard in headless Chromium', function () {
  this.timeout(60_000);
  let service: TestService;
  let browser: Browser;
  let page: Page;

  before(async () => {
    // The page under test is the one the sources make now.
    await buildDashboard();
    service = await startTestService({ config: { loadFixtures: true, refitDebounceMs: 100 } });
    await service.jobs.idle();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  });
  afterEach(async () => {
    await page.close();
  });

  it('shows the fixture series in the overview with locale-formatted full digits and the live state', async () => {
    await page.goto(`${service.url}/`);
    await page.locator('#connection.conn-live').waitFor();
    const row = page.locator(`tr[data-series="caam_nev_production"]`);
    await row.waitFor();
    // 1,772,000 in full digits, not 1.77M.
    expect(await row.locator('td.value').textContent()).to.equal('1,772,000');
    // The page and the emailed report format through one formatter: in the report's locale, the same text.
    const listed: { id: string; unit: string; latestValue: number | null; yoyPct: number | null }[] = (
      await request(service.url, '/api/v1/series')
    ).body.series;
    const growing = listed.find((s) => s.latestValue !== null && s.yoyPct !== null)!;
    const shown = page.locator(`tr[data-series="${growing.id}"]`);
    expect(await shown.locator('td.value').textContent()).to.equal(fullNumber(growing.latestValue, growing.unit));
    expect(await shown.locator('td[data-label="YoY"]').textContent()).to.equal(signedPct(growing.yoyPct));
    expect(await page.locator('#token-form').count(), 'public reads ask for no token').to.equal(0);
    expect(await page.locator('#spool').isHidden(), 'nothing waits for the database').to.equal(true);
    expect(await page.locator('tbody tr').count()).to.equal(
      (await request(service.url, '/api/v1/series')).body.series.length,
    );
    // A full year resting on months no one published says how many, and names them all on hover.
    const outlook = (await request(service.url, '/api/v1/forecasts/aito_deliveries')).body.forecast.years[0];
    expect(outlook.monthsFilled).to.be.greaterThan(0);
    const estimated = page.locator('tr[data-series="aito_deliveries"] .estimated');
    expect(await estimated.textContent()).to.equal(`${outlook.monthsFilled} mo. estimated`);
    expect(await estimated.getAttribute('title')).to.contain(`${outlook.monthsFilled} estimated (no figure published)`);
    expect(await page.locator('tr[data-series="caam_nev_production"] .estimated').count()).to.equal(0);
    await page.locator('button[data-sort="latestValue"]').click();
    const series: { id: string; latestValue: number | null }[] = (await request(service.url, '/api/v1/series')).body
      .series;
    const largest = series.reduce((a, b) => ((b.latestValue ?? -1) > (a.latestValue ?? -1) ? b : a));
    // Sorted by the API: the first row changes once its page arrives.
    await page.locator(`tbody tr:first-child[data-series="${largest.id}"]`).waitFor();
    expect(await page.locator('th[aria-sort="descending"]').textContent()).to.contain('Value');
  });

  it("fits a laptop screen on the first start's own rows: a long year to date or full year wraps between its figures", async () => {
    await page.goto(`${service.url}/`);
    // CAAM production: a year to date through a later published total; AITO: a full year with estimated months.
    const ytd = page.locator('tr[data-series="caam_nev_production"] td[data-label="Year to date"]');
    await ytd.waitFor();
    expect(await ytd.textContent()).to.match(/^16,626,000 through Dec 2025 vs 12,888,000 \+29\.0 %$/);
    // AITO M9: January to May 2025 all reported, 2024's not: its year to date, with nothing to compare.
    expect(
      await page.locator('tr[data-series="aito_m9_deliveries"] td[data-label="Year to date"]').textContent(),
    ).to.equal('51,920 nothing a year before');
    const fullYear = page.locator('tr[data-series="aito_deliveries"] td[data-label="Full-year forecast"]');
    expect(await fullYear.textContent()).to.match(/^[\d,]+ 2025 · \d+ mo\. estimated vs [\d,]+ [+−][\d.]+ %$/);
    const wrap = await page
      .locator('.table-wrap')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(wrap.scroll, 'the table scrolls sideways').to.be.at.most(wrap.client);
    const spark = await page.locator('tr[data-series="caam_nev_production"] .spark-cell').boundingBox();
    expect(spark!.x + spark!.width).to.be.at.most(1280);
    // Each figure stays whole on its line: the boxes of a piece that wrapped would start at two heights.
    for (const cell of [ytd, fullYear]) {
      const lines = await cell
        .locator('.piece')
        .evaluateAll((pieces) =>
          pieces.map((p) => new Set([...p.getClientRects()].map((r) => Math.round(r.top))).size),
        );
      expect(lines.length).to.be.at.least(3);
      expect(lines.every((n) => n === 1)).to.equal(true);
    }
    // The series names keep room to be read: the longest, 55 characters, takes three lines (five when squeezed).
    const nameLines = await page
      .locator('tbody th[data-label="Series"] a')
      .evaluateAll((links) => links.map((a) => a.getClientRects().length));
    expect(Math.max(...nameLines)).to.be.at.most(3);
  });

  it('redraws the tiles and the chart when a new month is ingested, without a reload, and then the new forecast', async () => {
    await page.goto(`${service.url}/#/series/${SERIES}`);
    await page.locator('#connection.conn-live').waitFor();
    const latest = page.locator('[data-kpi="latest"]');
    await latest.locator('.tile-value').filter({ hasText: '26.3' }).waitFor();
    expect(await latest.locator('.tile-sub').textContent()).to.contain('Feb 2026');
    await page.locator('#main-chart canvas').waitFor();
    const next = page.locator('[data-kpi="next"] .tile-sub');
    expect(await next.textContent()).to.contain('Mar 2026');
    const before = await page.locator('#main-chart canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    const res = await request(
      service.url,
      '/api/v1/ingest',
      jsonBody([
        {
          series: SERIES,
          month: '2026-03',
          value: 61.5,
          unit: 'GWh',
          source: 'https://example.com/cabia-2026-03',
          quote: 'installations reached 61.5 GWh in March',
        },
      ]),
    );
    expect(res.status).to.equal(200);

    await latest.locator('.tile-value').filter({ hasText: '61.5' }).waitFor();
    expect(await latest.locator('.tile-sub').textContent()).to.contain('Mar 2026');
    await page.locator('#updated').filter({ hasText: 'Updated' }).waitFor();
    await page.locator('#main-table tr', { hasText: 'Mar 2026' }).filter({ hasText: '61.5' }).waitFor();
    // The re-fit after the ingest moves the forecast on by a month.
    await next.filter({ hasText: 'Apr 2026' }).waitFor({ timeout: 20_000 });
    const after = await page.locator('#main-chart canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());
    expect(after).to.not.equal(before);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).to.equal(42);

    // Pointing at the new month shows where the figure came from.
    const chart = page.locator('#main-chart .u-over');
    // A long model name in its tile can push the chart below the fold; the pointer only hovers what is in view.
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    // The table under the chart has a row per month of the x axis, newest first.
    const rows = await page.locator('#main-table tbody tr th').allTextContents();
    const march = rows.length - 1 - rows.indexOf('Mar 2026');
    await page.mouse.move(box.x + (box.width * march) / (rows.length - 1), box.y + box.height * 0.5);
    const tip = page.locator('.tooltip');
    await tip.filter({ hasText: 'Mar 2026' }).waitFor();
    expect(await tip.textContent())
      .to.contain('https://example.com/cabia-2026-03')
      .and.contain('installations reached 61.5 GWh in March');

    const file = await artifactPath('dashboard-series-live.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`      screenshot: ${file}`);
  });

  it('marks a month in conflict, and once reviewed says who reviewed it and why instead', async () => {
    const june = page.locator('#main-table tbody tr', { hasText: 'Jun 2024' });
    await page.goto(`${service.url}/#/series/aito_deliveries`);
    await june.locator('.conflict-mark').waitFor();
    const reviewed = await request(
      service.url,
      '/api/v1/series/aito_deliveries/conflicts/2024-06/review',
      jsonBody({ value: 42780, reason: 'two sources agree' }),
    );
    expect(reviewed.status, JSON.stringify(reviewed.body)).to.equal(200);
    await page.reload();
    const mark = june.locator('.reviewed-mark');
    await mark.waitFor();
    expect(await mark.getAttribute('title')).to.equal(`Reviewed by ${reviewed.body.review.by}: two sources agree`);
    expect(await june.locator('.conflict-mark').count()).to.equal(0);
  });

  it('shows a year to date that runs through a total published without monthly figures, and says so', async () => {
    const rows = [
      ...Array.from(
        { length: 12 },
        (_, i) => `ytd_only,2024-${String(i + 1).padStart(2, '0')},${100 + i},units,monthly`,
      ),
      'ytd_only,2025-02,240,units,ytd',
    ];
    const res = await request(service.url, '/api/v1/ingest', csv(`series,month,value,unit,kind\n${rows.join('\n')}\n`));
    expect(res.status).to.equal(200);
    await page.goto(`${service.url}/#/series/ytd_only`);
    const tile = page.locator('[data-kpi="ytd"]');
    await tile.waitFor();
    expect(await tile.locator('.tile-value').textContent()).to.equal('240');
    expect(await tile.locator('.tile-sub').textContent()).to.equal(
      'through Feb 2025 · vs 201 last year · +19.4 % · from published year-to-date totals',
    );
    // The page and the API's summary agree.
    const listed = (await request(service.url, '/api/v1/series')).body.series.find(
      (s: { id: string }) => s.id === 'ytd_only',
    );
    expect(listed.ytd).to.include({ through: '2025-02', value: 240, basis: 'published' });
    // The overview says through when, beside December's figure.
    await page.goto(`${service.url}/`);
    const cell = page.locator('tr[data-series="ytd_only"] td[data-label="Year to date"]');
    await cell.waitFor();
    expect(await cell.textContent()).to.equal('240 through Feb 2025 vs 201 +19.4 %');
    // A share has none, and its page says why.
    await page.goto(`${service.url}/#/series/catl_battery_share`);
    await page.locator('[data-kpi="ytd"]').waitFor();
    expect(await page.locator('[data-kpi="ytd"] .tile-sub').textContent()).to.equal(
      'a share or rate has no year-to-date total',
    );
  });

  it('says why a forecast has no backtest, in the words the fit stored', async () => {
    // SERES brand sales: 4 monthly figures in 29 months, forecast but too short a span to backtest.
    const stored = (await request(service.url, '/api/v1/forecasts/seres_brand_sales')).body.forecast;
    expect(stored.backtest).to.equal(null);
    expect(stored.noBacktest).to.be.a('string').and.not.equal('');
    await page.goto(`${service.url}/#/series/seres_brand_sales`);
    const hint = page.locator('[data-no-backtest]');
    await hint.waitFor();
    expect(await hint.textContent()).to.equal(`No backtest yet: ${stored.noBacktest}.`);
    // And how its intervals were calibrated, in the words the fit stored.
    expect(stored.calibration).to.match(
      /^learned from out-of-sample errors of comb4-yoy on histories of under 24 months/,
    );
    expect(await page.locator('[data-calibration]').textContent()).to.equal(
      `Its 80 % and 95 % intervals: ${stored.calibration}.`,
    );
    expect(await page.locator('[data-kpi="model"] .tile-sub span').getAttribute('title')).to.equal(stored.noBacktest);
  });

  it('lists the year-to-date totals published for a series, open where they are all it has', async () => {
    // MIIT's battery installations: one figure, 435 GWh for the whole of 2023, and no month of its own.
    const miit = (await request(service.url, '/api/v1/series/miit_battery_install')).body;
    expect(miit.points).to.deep.equal([]);
    expect(miit.published).to.deep.equal([{ month: '2023-12', value: 435 }]);
    await page.goto(`${service.url}/#/series/miit_battery_install`);
    const totals = page.locator('#published details');
    await totals.waitFor();
    expect(await totals.getAttribute('open')).to.not.equal(null);
    expect(await totals.locator('summary').textContent()).to.equal('Published year-to-date totals (1)');
    expect(await totals.locator('tbody tr').allTextContents()).to.deep.equal(['Dec 2023435.0']);
    // Its year to date is that total, with nothing a year before to compare it with.
    expect(await page.locator('[data-kpi="ytd"] .tile-value').textContent()).to.equal('435.0');
    expect(await page.locator('[data-kpi="ytd"] .tile-sub').textContent()).to.equal(
      'through Dec 2023 · the same months last year are not all known · from published year-to-date totals',
    );
    // A series with monthly figures keeps them folded, newest first.
    const caam = (await request(service.url, '/api/v1/series/caam_nev_sales')).body.published as { month: string }[];
    await page.goto(`${service.url}/#/series/caam_nev_sales`);
    const folded = page.locator('#published details');
    await folded.waitFor();
    expect(await folded.getAttribute('open')).to.equal(null);
    const [year, month] = caam
      .map((p) => p.month)
      .sort()
      .at(-1)!
      .split('-')
      .map(Number) as [number, number];
    const label = new Date(Date.UTC(year, month - 1)).toLocaleString('en-US', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(await folded.locator('tbody tr th').first().textContent()).to.equal(label);
  });

  it('keeps a long model name from stretching the row of figures: cut at three lines, whole on hover', async () => {
    const stored = (await request(service.url, '/api/v1/forecasts/seres_nev_sales')).body.forecast;
    expect(stored.model.length).to.be.greaterThan(60);
    await page.goto(`${service.url}/#/series/seres_nev_sales`);
    const model = page.locator('[data-kpi="model"] .tile-value');
    await model.waitFor();
    expect(await model.getAttribute('title')).to.equal(stored.model);
    const height = async (kpi: string) => (await page.locator(`[data-kpi="${kpi}"] .tile-value`).boundingBox())!.height;
    // One line of a figure is about 36 px; the name set as a figure took nine of them.
    expect(await height('model')).to.be.at.most(3 * (await height('latest')));
  });

  it('fits a phone screen in dark mode: the overview becomes one card per series', async () => {
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
      locale: 'de-DE',
    });
    try {
      await phone.goto(`${service.url}/`);
      const row = phone.locator('tr[data-series="caam_nev_production"]');
      await row.waitFor();
      // The reader's locale: German groups thousands with dots.
      expect(await row.locator('td.value').textContent()).to.equal('1.772.000');
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width).to.be.at.most(390);
      await phone.locator('#sort-by').selectOption('yoyPct:-1');
      const growth: { id: string; yoyPct: number | null }[] = (await request(service.url, '/api/v1/series')).body
        .series;
      const fastest = growth.filter((s) => s.yoyPct !== null).sort((a, b) => b.yoyPct! - a.yoyPct!)[0]!;
      await phone.locator(`tbody tr:first-child[data-series="${fastest.id}"]`).waitFor();
      const bg = await phone.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).to.equal('rgb(13, 17, 23)');
      const file = await artifactPath('dashboard-overview-phone-dark.png');
      await phone.screenshot({ path: file, fullPage: false });
      console.log(`      screenshot: ${file}`);
    } finally {
      await phone.close();
    }
  });
});
