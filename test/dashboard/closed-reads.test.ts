import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, buildDashboard, launchBrowser } from '../support/browser.js';
import { request, startTestService, type TestService } from '../support/service.js';
import { freePort } from '../support/smtp.js';

const TOKEN_KEY = 'pulsecast.token';

describe('dashboard with reads closed (PULSECAST_PUBLIC_READ=false)', function () {
  this.timeout(60_000);
  let service: TestService;
  let browser: Browser;
  let page: Page;

  /** A page whose tab already keeps `token`, as after the person entered it. */
  async function pageWithToken(token: string): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await p.addInitScript(([key, value]) => sessionStorage.setItem(key!, value!), [TOKEN_KEY, token]);
    return p;
  }

  before(async () => {
    await buildDashboard();
    // Nothing listens on the SMTP port, and one attempt is all a send gets: it fails at once.
    service = await startTestService({
      config: { publicRead: false, loadFixtures: true, smtpPort: await freePort(), smtpAttempts: 1 },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });
  afterEach(async () => {
    await page?.close();
  });

  it('asks for a token, refuses a wrong one with a message, and with the right one shows the overview and goes live', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await page.goto(`${service.url}/`);
    const input = page.getByLabel('Token', { exact: true });
    await input.waitFor();
    await page.locator('#connection.conn-token').waitFor();
    expect(await page.locator('#connection').textContent()).to.equal('Token needed');
    expect(await page.locator('tr[data-series]').count(), 'no figures before a token').to.equal(0);
    expect(await page.locator('#app').isHidden(), 'nor a "loading" that never ends').to.equal(true);
    expect(await input.evaluate((el) => el === document.activeElement), 'the form takes the focus').to.equal(true);
    const file = await artifactPath('dashboard-token-form.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`      screenshot: ${file}`);

    await input.fill('not-the-right-token-0123456789');
    await page.getByRole('button', { name: 'Show the dashboard' }).click();
    await page.locator('#token-error').filter({ hasText: 'refused' }).waitFor();
    expect(await input.getAttribute('aria-invalid')).to.equal('true');
    expect(
      await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY),
      'a refused token is not kept',
    ).to.equal(null);

    await input.fill(service.token);
    await input.press('Enter');
    await page.locator('tr[data-series="caam_nev_production"]').waitFor();
    await page.locator('#connection.conn-live').waitFor();
    expect(await page.locator('#token-form').count()).to.equal(0);
    expect(await page.locator('#app').isVisible()).to.equal(true);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY)).to.equal(service.token);

    // The tab keeps it: a reload asks nothing.
    await page.reload();
    await page.locator('tr[data-series="caam_nev_production"]').waitFor();
    await page.locator('#connection.conn-live').waitFor();
    expect(await page.locator('#token-form').count()).to.equal(0);
  });

  it('asks again, saying why, when the token the tab kept is refused', async () => {
    page = await pageWithToken('revoked-or-mistyped-token-0123456789');
    await page.goto(`${service.url}/`);
    await page.locator('#token-help').filter({ hasText: 'The token was refused' }).waitFor();
    await page.getByLabel('Token', { exact: true }).fill(service.token);
    await page.getByRole('button', { name: 'Show the dashboard' }).click();
    await page.locator('tr[data-series="caam_nev_production"]').waitFor();
    await page.locator('#connection.conn-live').waitFor();
  });

  it('shows no spool notice while nothing waits for the database', async () => {
    page = await pageWithToken(service.token);
    await page.goto(`${service.url}/`);
    await page.locator('#spool[data-rows="0"]').waitFor({ state: 'attached' });
    expect((await request(service.url, '/api/v1/status')).body.spool.rows).to.equal(0);
    expect(await page.locator('#spool').isHidden()).to.equal(true);
  });

  it('shows the rows waiting for the database and the oldest one, and hides the notice once the spool drains', async () => {
    page = await pageWithToken(service.token);
    // Stopping InfluxDB is the fault tests' business: here the status answer says rows wait.
    let spool: { rows: number; records: number; oldestAcceptedAt: string | null } = {
      rows: 1234,
      records: 3,
      oldestAcceptedAt: '2026-11-25T09:41:00.000Z',
    };
    await page.route('**/api/v1/status', (route) => route.fulfill({ json: { spool, jobs: [] } }));
    await page.clock.install();
    await page.goto(`${service.url}/`);
    const notice = page.locator('#spool');
    await notice.filter({ hasText: 'waiting' }).waitFor();
    const expected = await page.evaluate(
      (iso) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso!)),
      spool.oldestAcceptedAt,
    );
    expect(await notice.textContent()).to.equal(`1,234 rows waiting for the database, oldest accepted ${expected}`);

    spool = { rows: 0, records: 0, oldestAcceptedAt: null };
    // The notice refreshes every 10 s.
    await page.clock.runFor(10_000);
    await page.locator('#spool[data-rows="0"]').waitFor({ state: 'attached' });
    expect(await notice.isHidden()).to.equal(true);
  });

  it('shows a failed report email with its error as it happens, and again after a reload', async () => {
    page = await pageWithToken(service.token);
    await page.goto(`${service.url}/`);
    await page.locator('#connection.conn-live').waitFor();
    expect(await page.locator('#report-alerts').isHidden(), 'nothing failed yet').to.equal(true);

    expect((await request(service.url, '/api/v1/reports/example/send', { method: 'POST' })).status).to.equal(202);
    const item = page.locator('#report-alerts li[data-report="example"]');
    await item.waitFor();
    const listed = (await request(service.url, '/api/v1/reports')).body.reports.find(
      (r: { name: string }) => r.name === 'example',
    );
    expect(listed.lastSend.state).to.equal('failed');
    const text = await item.textContent();
    expect(text)
      .to.contain('example')
      .and.contain('failed')
      .and.contain(listed.lastSend.error.message)
      .and.contain(listed.lastSend.error.code);
    expect(await page.locator('#report-alerts h2').textContent()).to.equal('A report email was not delivered');

    await page.reload();
    await item.waitFor();
    expect(await item.textContent()).to.contain(listed.lastSend.error.message);
    await page.locator('tr[data-series="caam_nev_production"]').waitFor();
    const file = await artifactPath('dashboard-report-failed.png');
    await page.screenshot({ path: file });
    console.log(`      screenshot: ${file}`);
  });
});
