import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { buildDashboard, launchBrowser } from '../support/browser.js';
import { csv, request, startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

/** 600 series: enough that only a screenful of rows is in the DOM. */
const MAKERS = ['byd', 'nio', 'xpeng', 'zeekr', 'aito', 'li'];
const ids = Array.from(
  { length: 600 },
  (_, i) => `${MAKERS[i % MAKERS.length]}_model${String(i).padStart(3, '0')}_sales`,
);

describe('overview in headless Chromium: paged, filtered and virtualised', function () {
  this.timeout(90_000);
  let service: TestService;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await buildDashboard();
    service = await startTestService({ config: { refitDebounceMs: 0 } });
    const rows = ids.flatMap((id, i) => [`${id},2024-05,${1000 + i},units`, `${id},2025-05,${2000 + i},units`]);
    const res = await request(service.url, '/api/v1/ingest', csv(`series,month,value,unit\n${rows.join('\n')}\n`));
    expect(res.status).to.equal(200);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  });
  afterEach(async () => {
    await page.close();
  });

  const shownIds = () =>
    page.locator('tbody tr[data-series]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-series')!));

  it('keeps only the rows on screen in the DOM and loads more as the reader scrolls', async () => {
    await page.goto(`${service.url}/`);
    await page.locator('tbody tr[data-series]').first().waitFor();
    expect(await page.locator('#overview-count').textContent()).to.equal('600 series');
    const first = await shownIds();
    expect(first.length).to.be.within(20, 100);
    expect(first[0]).to.equal([...ids].sort()[0]);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const last = [...ids].sort()[ids.length - 1]!;
    await page.locator(`tr[data-series="${last}"]`).waitFor();
    expect((await shownIds()).length).to.be.at.most(100);
  });

  it('fits a laptop screen: the reason a series has no forecast yet wraps in its cell, the sparklines stay in view', async () => {
    await page.goto(`${service.url}/`);
    await page.locator('tbody tr[data-series]').first().waitFor();
    // Two figures a series: each row says what its forecast is waiting for, in the engine's words.
    expect(await page.locator('tbody tr[data-series] .needs').first().textContent()).to.contain(
      'needs 1 more monthly figure',
    );
    const wrap = await page
      .locator('.table-wrap')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(wrap.scroll, 'the table scrolls sideways').to.be.at.most(wrap.client);
    const spark = await page.locator('tbody tr[data-series] .spark-cell').first().boundingBox();
    expect(spark!.x + spark!.width).to.be.at.most(1280);
  });

  it('shows the rows matching what the planner types, carries the filter in the URL and keeps it on reload', async () => {
    await page.goto(`${service.url}/`);
    await page.locator('tbody tr[data-series]').first().waitFor();
    await page.locator('#overview-filter').pressSequentially('model01', { delay: 30 });
    // model010 … model019: ten series, whatever their maker.
    await waitFor(async () => (await shownIds()).length === 10 || null, 'the ten matching rows');
    expect((await shownIds()).every((id) => id.includes('model01'))).to.equal(true);
    expect(await page.locator('#overview-count').textContent()).to.equal('10 series match');
    expect(new URL(page.url()).hash).to.equal('#/?q=model01');

    await page.locator('button[data-sort="latestValue"]').click();
    await page.locator('tbody tr:first-child[data-series$="model019_sales"]').waitFor();
    expect(new URL(page.url()).hash).to.equal('#/?q=model01&sort=-latestValue');

    await page.reload();
    await page.locator('tbody tr:first-child[data-series$="model019_sales"]').waitFor();
    expect(await page.locator('#overview-filter').inputValue()).to.equal('model01');
    expect((await shownIds()).length).to.equal(10);

    // Back: the filter without the sort.
    await page.goBack();
    await waitFor(() => new URL(page.url()).hash === '#/?q=model01' || null, 'the URL before the sort');
    await page.locator('tbody tr:first-child[data-series$="model010_sales"]').waitFor();
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).to.contain('Series');
  });

  it('follows on the live channel only the series it shows, and redraws one when its figures change', async () => {
    await page.goto(`${service.url}/#/?q=model02`);
    await page.locator('tbody tr[data-series]').first().waitFor();
    await page.locator('#connection.conn-live').waitFor();
    const target = ids.find((id) => id.includes('model020'))!;
    const followed = async () => {
      const rooms = [...(await service.live.io.fetchSockets())].flatMap((s) => [...s.rooms]);
      return rooms.filter((r) => r.startsWith('series:'));
    };
    await waitFor(async () => ((await followed()).length === 10 ? true : null), 'ten series followed');
    expect(await followed()).to.include(`series:${target}`);
    expect(await followed()).to.not.include(`series:${ids[0]}`);
    const res = await request(
      service.url,
      '/api/v1/ingest',
      csv(`series,month,value,unit\n${target},2025-06,777777,units\n`),
    );
    expect(res.status).to.equal(200);
    await page.locator(`tr[data-series="${target}"] td.value`).filter({ hasText: '777,777' }).waitFor();
  });
});
