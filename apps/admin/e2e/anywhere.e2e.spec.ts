// Anywhere, any time, in Debian's Chromium: the UI at a phone's 390 px width
// (nothing cut off, no sideways scrolling), in the system's dark mode (axe's
// contrast rules still pass), and times shown with their zone, switchable to UTC.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TEST_ADMIN, TestApi, startTestApi } from '../../../test/support/api-harness';
import { axeViolations, launchChromium, screenshot } from './support/browser';

const SCREENS = [
  '/admin/',
  '/admin/incidents',
  '/admin/lift-requests',
  '/admin/devices',
  '/admin/catalogue',
  '/admin/people',
  '/admin/audit',
  '/admin/account',
];

describe('the admin UI on a phone, in dark mode, in any time zone (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
    // Something with a time on it: an incident.
    const made = await api.request('POST', '/v1/incidents', { token: await api.adminToken(), body: { title: 'Times and zones', severity: 'SEV3' } });
    expect(made.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  async function signedIn(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, reducedMotion: 'reduce', ...options });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/admin/');
    await page.getByLabel('Email', { exact: true }).fill(TEST_ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  it('fits a 390 px phone: every screen without sideways scrolling, the whole navigation and Sign out in view', async () => {
    const page = await signedIn({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    for (const path of SCREENS) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      for (const control of [
        page.getByRole('button', { name: 'Sign out' }),
        page.getByRole('link', { name: 'Audit', exact: true }),
        page.getByRole('link', { name: 'People', exact: true }),
      ]) {
        const box = await control.boundingBox();
        expect(box).not.toBeNull();
        expect({ path, right: Math.ceil((box?.x ?? 0) + (box?.width ?? 0)) <= 390 }).toEqual({ path, right: true });
      }
    }
    await page.goto('/admin/incidents');
    await screenshot(page, '40-phone-incidents');
  }, 120_000);

  it('follows the system dark mode, with every screen still passing axe (contrast included)', async () => {
    const page = await signedIn({ viewport: { width: 1366, height: 768 }, colorScheme: 'dark' });
    for (const path of SCREENS) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect({ path, background }).toEqual({ path, background: 'rgb(17, 20, 24)' });
      expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
    }
    await page.goto('/admin/incidents');
    await screenshot(page, '41-dark-incidents');
  }, 150_000);

  it('shows times with their zone, switches to UTC from the top bar, and keeps the choice', async () => {
    const page = await signedIn({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Tokyo', locale: 'en-US' });
    await page.goto('/admin/incidents');
    const row = page.getByRole('row', { name: /Times and zones/ }).first();
    await expect(row.innerText()).resolves.toMatch(/GMT\+9/);
    await page.getByLabel('Times in').selectOption('UTC');
    await page
      .getByRole('row', { name: /Times and zones.*UTC/ })
      .first()
      .waitFor();
    await page.reload();
    await page
      .getByRole('row', { name: /Times and zones.*UTC/ })
      .first()
      .waitFor();
    await expect(page.getByLabel('Times in').inputValue()).resolves.toBe('UTC');
    expect(await axeViolations(page)).toEqual([]);
  }, 90_000);
});
