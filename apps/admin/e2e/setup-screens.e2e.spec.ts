// Setting up without curl, in Debian's Chromium against the real API: an admin
// builds the catalogue (warned when fail mode open is chosen), adds a person whose
// shown-once password works, mints a token; that person changes their password
// under Account; an auditor reads the catalogue and the directory with nothing to change.
import type { Browser } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TEST_ADMIN, TestApi, startTestApi } from '../../../test/support/api-harness';
import { BrowserUser, axeViolations, launchChromium, openAs, screenshot, signIn } from './support/browser';

describe('catalogue, people and account screens (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let baseUrl: string;
  let admin: BrowserUser;
  const run = randomBytes(3).toString('hex');
  const vendor = `acme-${run}`;
  const email = `new-responder-${run}@example.com`;
  let password = '';

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
    admin = await openAs(browser, baseUrl);
    await signIn(admin, TEST_ADMIN.email, TEST_ADMIN.password);
  }, 120_000);

  afterAll(async () => {
    await admin?.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  it('builds a vendor, a model and an integration, warning before fail mode open is saved', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Catalogue' }).click();
    await page.getByRole('button', { name: 'Add vendor' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add vendor' });
    await dialog.getByLabel('Vendor slug').fill(vendor);
    await dialog.getByLabel('Name').fill('Acme');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: `Acme ${vendor}` }).waitFor();

    await page.getByRole('button', { name: `Add model to ${vendor}` }).click();
    dialog = page.getByRole('dialog', { name: 'Add model' });
    await dialog.getByLabel('Model slug').fill('cam-1');
    await dialog.getByLabel('Name').fill('Acme Cam');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Acme Cam (cam-1)').waitFor();

    await page.getByRole('button', { name: `Add integration to ${vendor}` }).click();
    dialog = page.getByRole('dialog', { name: 'Add integration' });
    await dialog.getByLabel('Capability').fill('plug');
    await dialog.getByLabel('Name').fill('Smart plug');
    await expect(dialog.getByRole('alert').count()).resolves.toBe(0);
    await dialog.getByLabel('Fail mode').selectOption('open');
    await dialog.getByRole('alert').getByText('anyone who can block a device’s network then defeats a kill').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const card = page.getByRole('region', { name: `Acme ${vendor}` });
    await card.getByText('fail mode open').waitFor();
    const saved = await api.request('GET', '/v1/integrations?limit=500', { token: await api.adminToken() });
    expect(saved.body.items.find((i: { key: string }) => i.key === `${vendor}.plug`)).toMatchObject({ failMode: 'open', name: 'Smart plug' });

    await page.getByRole('button', { name: `Change fail mode of ${vendor}.plug` }).click();
    await page.getByRole('dialog', { name: 'Change fail mode' }).getByLabel('Fail mode').selectOption('closed');
    await page.getByRole('dialog', { name: 'Change fail mode' }).getByRole('button', { name: 'Save' }).click();
    await card.getByText('fail mode closed').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '30-catalogue');
  }, 90_000);

  it('adds a person with a password shown once, and mints a token within the admin’s roles', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Add person' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add person' });
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Name (optional)').fill('Nia New');
    await dialog.getByLabel('responder').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    password = await dialog.getByLabel('Password', { exact: true }).inputValue();
    expect(password.length).toBeGreaterThanOrEqual(24);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: `Nia New ${email}`, exact: true }).waitFor();
    await api.login(email, password);

    await page.getByRole('button', { name: 'Mint token' }).click();
    dialog = page.getByRole('dialog', { name: 'Mint token' });
    await dialog.getByLabel('Token name').fill(`alerts-${run}`);
    await dialog.getByLabel('signals').check();
    await dialog.getByRole('button', { name: 'Mint' }).click();
    const token = await dialog.getByLabel('Token', { exact: true }).inputValue();
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect((await api.request('POST', '/v1/signals', { token, body: {} })).status).toBe(400); // accepted as a signals token; the body is wrong
    expect((await api.request('GET', '/v1/kill-switches', { token })).status).not.toBe(200); // and it reaches only the signal routes
    await page.getByRole('button', { name: `Revoke alerts-${run}` }).click();
    await page.getByRole('row', { name: new RegExp(`alerts-${run}.*revoked`) }).waitFor();
    expect((await api.request('POST', '/v1/signals', { token, body: {} })).status).toBe(401);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '31-people');
  }, 90_000);

  it('lets the new person change their password under Account', async () => {
    const person = await openAs(browser, baseUrl);
    try {
      await signIn(person, email, password);
      const { page } = person;
      await page.getByRole('link', { name: new RegExp(`^${email}`) }).click();
      await page.getByLabel('Current password').fill(password);
      await page.getByLabel('New password', { exact: true }).fill(`changed password ${run}`);
      await page.getByLabel('New password again').fill(`changed password ${run}`);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed. Your other sessions were signed out.').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect((await api.request('POST', '/v1/auth/login', { body: { email, password } })).status).toBe(401);
      await api.login(email, `changed password ${run}`);
    } finally {
      await person.context.close();
    }
  }, 90_000);

  it('shows an auditor the catalogue and the directory with no button that changes anything', async () => {
    const auditor = await api.userWith('auditor');
    const reader = await openAs(browser, baseUrl);
    try {
      await signIn(reader, auditor.email, auditor.password);
      for (const [path, ready] of [
        ['/admin/catalogue', `Acme ${vendor}`],
        ['/admin/people', 'People'],
      ]) {
        await reader.page.goto(path);
        await reader.page.getByRole('heading', { name: ready, exact: true }).first().waitFor();
        await reader.page.waitForLoadState('networkidle');
        const buttons = await reader.page.getByRole('button').evaluateAll((elements) => elements.map((e) => e.textContent?.trim() ?? ''));
        expect({ path, buttons: buttons.filter((b) => b !== 'Sign out') }).toEqual({ path, buttons: [] });
      }
      await reader.page.getByRole('cell', { name: `Nia New ${email}`, exact: true }).waitFor();
    } finally {
      await reader.context.close();
    }
  }, 90_000);
});
