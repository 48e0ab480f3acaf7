// The kill board at a real platform's size, in Debian's Chromium: 1,000 vendors and
// 10,000 integrations (a database of its own). The one vendor with a kill in force comes
// first although its slug sorts last; the rest arrive 20 at a time; "/" focuses the
// search, which finds a vendor by an integration key; "Killed only" leaves the killed one.
import type { Browser } from 'playwright-core';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TEST_ADMIN, TestApi, startTestApi } from '../../../test/support/api-harness';
import { seedLargeCatalogue } from '../../../test/support/large-catalogue';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { BrowserUser, axeViolations, launchChromium, openAs, screenshot, signIn } from './support/browser';

describe('the kill board with 1,000 vendors and 10,000 integrations (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let user: BrowserUser;

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    scratch = await createScratchDatabase();
    await seedLargeCatalogue(scratch.url, 1_000, 10);
    api = await startTestApi({ DATABASE_URL: scratch.url });
    const baseUrl = await api.listen();
    const kill = await api.request('POST', '/v1/kill-switches', { token: await api.adminToken(), body: { scope: { vendor: 'v0999' }, reason: 'scale test' } });
    expect(kill.status).toBe(201);
    user = await openAs(browser, baseUrl);
    await signIn(user, TEST_ADMIN.email, TEST_ADMIN.password);
  }, 180_000);

  afterAll(async () => {
    await user?.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
    await scratch?.drop();
  });

  const vendorHeadings = (u: BrowserUser) => u.page.locator('section.card h2').allInnerTexts();

  it('shows the killed vendor first, then 20 vendors, and 20 more on request', async () => {
    const { page } = user;
    await page.getByText('1 vendor has a kill switch in force: shown first.').waitFor();
    await page.getByRole('button', { name: 'Show more vendors' }).waitFor();
    const first = await vendorHeadings(user);
    expect(first).toHaveLength(21);
    expect(first[0]).toBe('Vendor 999 (v0999)');
    expect(first[1]).toBe('Vendor 0 (v0000)');
    await page.locator('tr[data-integration="v0999.cap-00"]').getByText('killed everywhere').waitFor();
    await page.getByRole('button', { name: 'Show more vendors' }).click();
    await page.getByRole('heading', { name: 'Vendor 39 (v0039)' }).waitFor();
    expect(await vendorHeadings(user)).toHaveLength(41);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '50-board-1000-vendors');
  }, 90_000);

  it('focuses the search with /, finds a vendor by an integration key, and filters to the killed only', async () => {
    const { page } = user;
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('board-search');
    await page.keyboard.type('v0500.cap-07');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=v0500.cap-07$/);
    await page.getByRole('heading', { name: 'Vendor 500 (v0500)' }).waitFor();
    expect(await vendorHeadings(user)).toEqual(['Vendor 500 (v0500)']);

    await page.getByLabel('Search vendors and integrations').fill('');
    await page.getByLabel('Killed only').check();
    await page.waitForURL(/\?killed=1$/);
    await page.getByRole('heading', { name: 'Vendor 999 (v0999)' }).waitFor();
    expect(await vendorHeadings(user)).toEqual(['Vendor 999 (v0999)']);
    await expect(page.getByRole('button', { name: 'Show more vendors' }).count()).resolves.toBe(0);

    await page.getByLabel('Killed only').uncheck();
    await page.getByLabel('Search vendors and integrations').fill('no such vendor %_');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No vendor matches “no such vendor %_”.').waitFor();
  }, 90_000);
});
