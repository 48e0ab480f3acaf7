// Auto-kill policies in the admin UI, in Debian's Chromium against the real API: one admin writes a policy
// (the API's words next to the field it refuses), its author is never offered Approve, a second admin
// approves it into force, and one admin disables it; axe finds nothing.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';
import { BrowserUser, axeViolations, launchChromium, openAs, screenshot, signIn } from './support/browser';

describe('auto-kill policies in the admin UI (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let baseUrl: string;
  let author: BrowserUser;
  let second: BrowserUser;
  let v: SeededVendor;
  const name = `camera leak kills camera streaming ${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
    v = await seedVendor(api);
    // Both accounts exist before the policy is written (a newer account may not approve it).
    const [a, b] = [await api.userWith('admin'), await api.userWith('admin')];
    author = await openAs(browser, baseUrl);
    await signIn(author, a.email, a.password);
    second = await openAs(browser, baseUrl);
    await signIn(second, b.email, b.password);
  }, 180_000);

  afterAll(async () => {
    for (const user of [author, second]) await user?.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  it('writes a policy that waits for a second admin, who approves it; one admin disables it', async () => {
    const { page } = author;
    await page.getByRole('link', { name: 'Auto-kill policies' }).click();
    await page.getByRole('heading', { name: 'Auto-kill policies', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add policy…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an auto-kill policy' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Vendor', { exact: true }).selectOption(v.vendor);
    await dialog.getByLabel('Integration it may kill', { exact: true }).selectOption(v.camera);
    await dialog.getByLabel('Alert name (optional: any alert)', { exact: true }).fill('CameraFeedLeak');
    await dialog.getByLabel('At most this many devices', { exact: true }).fill('20000000');
    await dialog.getByRole('button', { name: 'Add policy' }).click();
    // Past the API's limit: its words next to the field.
    const max = dialog.getByLabel('At most this many devices', { exact: true });
    await dialog.getByRole('alert').filter({ hasText: 'maxAffectedDevices must be a whole number from 1 to' }).waitFor();
    await expect(max.getAttribute('aria-invalid')).resolves.toBe('true');
    await max.fill('500');
    await dialog.getByRole('button', { name: 'Add policy' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = (p: typeof page) => p.getByRole('row').filter({ has: p.getByRole('rowheader', { name }) });
    await row(page).getByText('awaiting approval').waitFor();
    // How much of its limit its kills in force hold off: none yet.
    await row(page).getByText('0 of 500 devices', { exact: true }).waitFor();
    // Four eyes: its author may disable it but not approve it.
    await expect(row(page).getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
    await page.waitForLoadState('networkidle');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await screenshot(page, 'policies-01-pending');

    await second.page.goto('/admin/auto-kill-policies');
    await row(second.page).getByRole('button', { name: 'Approve' }).click();
    await row(second.page).getByText('active', { exact: true }).waitFor();
    await expect(row(second.page).innerText()).resolves.toContain('by you');

    await page.reload();
    await row(page).getByText('active', { exact: true }).waitFor();
    await row(page).getByRole('button', { name: 'Disable' }).click();
    await row(page).getByText('disabled', { exact: true }).waitFor();
    const token = await api.adminToken();
    const policies = (await api.request('GET', '/v1/auto-kill-policies?limit=500', { token })).body.items as { name: string; state: string }[];
    expect(policies.find((p) => p.name === name)).toMatchObject({ state: 'disabled', integration: v.camera, maxAffectedDevices: 500 });
  }, 90_000);

  it('loaded every screen without a script error or a Content-Security-Policy refusal', () => {
    const expected = (p: string) => p === 'HTTP 401 GET /v1/auth/me' || p === 'HTTP 400 POST /v1/auto-kill-policies';
    for (const user of [author, second]) expect(user.problems.filter((p) => !expected(p))).toEqual([]);
  });
});
