// The admin UI end to end, in Debian's Chromium (headless, playwright-core),
// against the real API, worker, PostgreSQL and Redis: a responder kills a
// vendor firmware and watches simulated devices acknowledge it to 100 %, asks
// for a staged lift that a second person approves, reads the incident's
// timeline and exports it; an auditor reads everything and can change
// nothing; every screen passes axe's WCAG 2.1 AA rules. Screenshots of each
// main screen go to test-artifacts/screenshots/.
import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { BrowserUser, axeViolations, launchChromium, openAs, screenshot, signIn } from './support/browser';
import { SimulatedFleet } from './support/simulated-devices';

const OLD_FIRMWARE = '3.5.1_00.66';
const FIXED_FIRMWARE = '3.5.1_00.68';
const VULNERABLE = 12;
const PATCHED = 5;
const RESPONDER_NAME = 'Rosa Responder';

/** Buttons that only read: all an auditor may be shown. */
const READ_ONLY_BUTTONS = new Set(['Sign out', 'Verify again', 'Apply filters', 'Clear', 'Load more', 'Search', 'Show more vendors']);

type Person = { id: string; email: string; password: string };

describe('admin UI in a real browser (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let worker: INestApplicationContext;
  let baseUrl: string;
  let fleet: SimulatedFleet;
  let vendor: SeededVendor;
  let responder: Person;
  let approver: Person;
  let auditor: Person;
  const open: BrowserUser[] = [];
  let killId: string;
  let incidentId: string;
  /** Other suites share the run's database: this suite's incident has a title of its own. */
  let incidentTitle: string;

  beforeAll(async () => {
    browser = await launchChromium(); // first: without Chromium the suite fails here, loudly
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
    worker = await startTestWorker();
    vendor = await seedVendor(api, 'xiaomi');
    incidentTitle = `Mijia cameras show strangers’ feeds (${vendor.vendor})`;
    const camera = (vendorFirmware: string) => ({ integration: vendor.camera, vendorModel: 'mijia-cam-360', vendorFirmware });
    const devices: EnrolledDevice[] = [];
    for (let i = 0; i < VULNERABLE + PATCHED; i++) {
      devices.push(
        await enroll(api, {
          model: 'nest-hub-2',
          firmware: '1.56.3',
          region: i % 2 ? 'eu-west' : 'us-east',
          inventory: [camera(i < VULNERABLE ? OLD_FIRMWARE : FIXED_FIRMWARE)],
        }),
      );
    }
    fleet = await SimulatedFleet.connect(baseUrl, devices);
    // The responder may also approve: the UI must still never offer them their own request.
    responder = await api.userWith('responder', 'approver');
    const named = await api.request('PATCH', `/v1/users/${responder.id}`, { token: await api.adminToken(), body: { name: RESPONDER_NAME } });
    if (named.status !== 200) throw new Error(`naming the responder failed: ${named.status} ${named.text}`);
    approver = await api.userWith('approver');
    auditor = await api.userWith('auditor');
  }, 180_000);

  afterAll(async () => {
    for (const user of open) await user.context.close().catch(() => undefined);
    await browser?.close();
    await fleet?.stop();
    await worker?.close();
    await api?.close();
  });

  async function person(who: Person): Promise<BrowserUser> {
    const user = await openAs(browser, baseUrl);
    open.push(user);
    await signIn(user, who.email, who.password);
    return user;
  }

  /** Everything that went wrong in a page but the 401 of /me before signing in. */
  const problemsOf = (user: BrowserUser) => user.problems.filter((p) => p !== 'HTTP 401 GET /v1/auth/me');

  let responderUser: BrowserUser;

  it('signs a responder in with an HttpOnly, SameSite=Strict cookie the page cannot read', async () => {
    const user = await openAs(browser, baseUrl);
    open.push(user);
    await user.page.goto('/admin/');
    await user.page.getByRole('heading', { name: 'Killswitch' }).waitFor();
    await screenshot(user.page, '01-sign-in');
    await signIn(user, responder.email, responder.password);
    const cookie = (await user.context.cookies()).find((c) => c.name === 'ks_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await user.page.evaluate(() => document.cookie)).not.toContain('ks_session');
    responderUser = user;
  }, 60_000);

  it('kills a vendor firmware from the kill board: scope picker, impact preview, reason, a new incident, one confirmation', async () => {
    const { page, writes } = responderUser;
    // The run's database holds many vendors: find this one as a responder would.
    await page.getByLabel('Search vendors and integrations').fill(vendor.vendor);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(new RegExp(`\\?q=${vendor.vendor}$`));
    const row = page.locator(`tr[data-integration="${vendor.camera}"]`);
    await row.getByText('on', { exact: true }).waitFor();
    await screenshot(page, '02-kill-board');

    await page.getByRole('button', { name: `Kill ${vendor.camera}…` }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Integration', { exact: true }).inputValue()).resolves.toBe(vendor.camera);
    // The whole integration first: every device with the camera linked.
    await dialog
      .getByTestId('impact-devices')
      .filter({ hasText: String(VULNERABLE + PATCHED) })
      .waitFor();
    const firmware = dialog.getByRole('group', { name: 'Vendor firmware' });
    await firmware.getByLabel('Match', { exact: true }).selectOption('lt');
    await firmware.getByLabel('Version', { exact: true }).fill(FIXED_FIRMWARE);
    await dialog
      .getByTestId('impact-devices')
      .filter({ hasText: String(VULNERABLE) })
      .waitFor();
    await expect(dialog.getByRole('table', { name: 'By vendor firmware' }).innerText()).resolves.toContain(OLD_FIRMWARE);
    await dialog.getByLabel('Reason (required)', { exact: true }).fill('public report: vulnerable camera firmware shows other homes');
    await dialog.getByLabel('Message devices will show (optional)', { exact: true }).fill('Camera streaming is paused for a security fix.');
    await dialog.getByLabel('Open a new incident', { exact: true }).check();
    await dialog.getByLabel('Incident title', { exact: true }).fill(incidentTitle);
    await dialog.getByLabel('Severity', { exact: true }).selectOption('SEV1');
    await screenshot(page, '03-kill-dialog');

    const writesBefore = writes.length;
    await dialog.getByRole('button', { name: 'Review kill' }).click();
    await expect(dialog.innerText()).resolves.toMatch(new RegExp(`Devices affected now\\s+${VULNERABLE}`));
    await dialog.getByRole('button', { name: 'Confirm kill' }).click();
    await page.waitForURL(/\/admin\/kills\/[0-9a-f-]{36}$/);
    killId = page.url().split('/').pop()!;
    expect(writes.slice(writesBefore)).toEqual(['POST /v1/incidents', 'POST /v1/kill-switches']);

    const kill = await api.request('GET', `/v1/kill-switches/${killId}`, { token: await api.adminToken() });
    expect(kill.body).toMatchObject({
      state: 'active',
      deviceMessage: 'Camera streaming is paused for a security fix.',
      affectedDevices: VULNERABLE,
      scope: { vendor: vendor.vendor, integration: vendor.camera, vendorFirmware: { lt: FIXED_FIRMWARE } },
    });
    incidentId = kill.body.incidentId;
    expect(incidentId).toEqual(expect.any(String));
  }, 90_000);

  it('shows the revocation progress live, by delivery state, until 100 % as the simulated devices acknowledge', async () => {
    const { page } = responderUser;
    // Record every value the bar shows, and mark the page: a reload would lose both.
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[]; samePage: boolean };
      w.samePage = true;
      w.seen = [];
      new MutationObserver(() => {
        const value = document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow');
        if (value && w.seen[w.seen.length - 1] !== value) w.seen.push(value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const bar = page.getByRole('progressbar', { name: 'Devices that acknowledged the kill' });
    await bar.waitFor();
    const kill = (await api.request('GET', `/v1/kill-switches/${killId}`, { token: await api.adminToken() })).body;
    // Delivered to every targeted device, none acknowledged yet: the devices hold their acks.
    await expectEventually(
      () => fleet.holding(kill.revision) === VULNERABLE,
      () => `every vulnerable device was pushed the kill (revision ${kill.revision}); the fleet: ${fleet.describe()}`,
    );
    await page
      .locator('[data-state=sent]')
      .filter({ hasText: new RegExp(`^${VULNERABLE}$`) })
      .waitFor();
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('0');
    await screenshot(page, '04-revocation-delivered');

    fleet.release(4000);
    await page.getByText('100 % acknowledged').waitFor({ timeout: 30_000 });
    await page.getByText('Every targeted device acknowledged').waitFor();
    const { seen, samePage } = await page.evaluate(() => {
      const w = window as unknown as { seen: string[]; samePage: boolean };
      return { seen: w.seen, samePage: w.samePage };
    });
    expect(samePage).toBe(true);
    expect(seen[seen.length - 1]).toBe('100');
    expect(seen.some((v) => Number(v) > 0 && Number(v) < 100)).toBe(true);
    await expect(page.locator('[data-state=acknowledged]').innerText()).resolves.toBe(String(VULNERABLE));
    await screenshot(page, '05-revocation-complete');
  }, 90_000);

  let approverUser: BrowserUser;

  it('requests a staged lift; the requester never sees Approve on their own request; a second person approves and advances it', async () => {
    const { page } = responderUser;
    const form = page.getByRole('form', { name: 'Request a lift' });
    await form.getByLabel('Reason (required)', { exact: true }).fill(`Xiaomi shipped ${FIXED_FIRMWARE}`);
    await expect(form.getByLabel('Plan', { exact: true }).inputValue()).resolves.toBe('1,10,100');
    await form.getByRole('button', { name: 'Request lift' }).click();
    await page.getByText('Waiting for a second person to approve or reject it (four eyes).').waitFor();
    await expect(page.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
    await screenshot(page, '06-lift-requested');
    // Other suites' requests may be pending too (and this responder may approve those): look at this one.
    const mine = (p: Page) => p.getByRole('article').filter({ has: p.getByRole('link', { name: new RegExp(`${vendor.camera}, vendor firmware lt `) }) });
    await page.getByRole('link', { name: 'Lift requests' }).click();
    await mine(page).getByText('Waiting for a second person').waitFor();
    await expect(mine(page).getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);

    approverUser = await person(approver);
    const other = approverUser.page;
    await other.getByRole('link', { name: 'Lift requests' }).click();
    const card = mine(other);
    await card.getByRole('button', { name: 'Approve' }).waitFor();
    // Who asked, by name and email (GET /v1/people), not by id.
    await card.getByText(`by ${RESPONDER_NAME} <${responder.email}>`).waitFor();
    await expect(card.getByRole('list', { name: 'Staged plan' }).innerText()).resolves.toMatch(/1 %[\s\S]*10 %[\s\S]*100 %/);
    await screenshot(other, '07-lift-requests-approver');
    await card.getByRole('button', { name: 'Approve' }).click();
    // The approved request leaves the pending list; follow it under "approved", then "completed".
    await card.waitFor({ state: 'detached' });
    await other.getByLabel('Show', { exact: true }).selectOption('approved');
    await card.getByRole('button', { name: 'Advance to 10 %' }).click();
    await card.getByRole('button', { name: 'Advance to 100 %' }).click();
    await card.waitFor({ state: 'detached' });
    await other.getByLabel('Show', { exact: true }).selectOption('completed');
    await card.getByText('100 % of devices released').waitFor();
    await screenshot(other, '08-lift-completed');
    const kill = await api.request('GET', `/v1/kill-switches/${killId}`, { token: await api.adminToken() });
    expect(kill.body.state).toBe('lifted');
    const lift = (await api.request('GET', `/v1/lift-requests?killSwitchId=${killId}`, { token: await api.adminToken() })).body.items[0];
    expect(lift).toMatchObject({ state: 'completed', requestedById: responder.id, decidedById: approver.id });
  }, 90_000);

  it('shows the incident: key timings, its kill, the live timeline, notes, status changes, and exports it', async () => {
    const { page } = responderUser;
    await page.goto(`/admin/incidents/${incidentId}`);
    await page.getByRole('heading', { name: incidentTitle, level: 1 }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    for (const type of ['kill', 'revocation_milestone', 'lift_request', 'approval', 'lift']) {
      await timeline.locator(`.entry-${type}`).first().waitFor();
    }
    // A milestone says which kill it belongs to, and links it.
    const milestone = timeline.locator('.entry-revocation_milestone').first();
    await expect(milestone.innerText()).resolves.toMatch(/% of devices acknowledged the (lift of the )?kill of /);
    await milestone.getByRole('link', { name: 'Open the kill' }).waitFor();
    // The timeline follows without a reload: a note added elsewhere appears.
    await api.request('POST', `/v1/incidents/${incidentId}/timeline`, {
      token: await api.login(approver.email, approver.password),
      body: { body: 'Xiaomi confirms the flaw' },
    });
    await timeline.getByText('Xiaomi confirms the flaw').waitFor({ timeout: 10_000 });
    await timeline.getByLabel('Add a note', { exact: true }).fill('Fixed firmware verified on our test hubs');
    await timeline.getByRole('button', { name: 'Add note' }).click();
    await timeline.getByText('Fixed firmware verified on our test hubs').waitFor();
    await page.getByRole('button', { name: 'Move to investigating' }).click();
    await page.getByRole('button', { name: 'Move to mitigated' }).waitFor();
    for (const key of ['reportToFirstKill', 'killToAck99', 'killToLift']) {
      await expect(page.locator(`[data-timing=${key}]`).innerText()).resolves.not.toContain('not reached');
    }
    await expect(page.getByRole('region', { name: 'Kill switches' }).innerText()).resolves.toContain(`vendor firmware lt ${FIXED_FIRMWARE}`);
    await screenshot(page, '09-incident');

    const [markdown] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export Markdown' }).click()]);
    expect(markdown.suggestedFilename()).toBe(`incident-${incidentId}-postmortem.md`);
    const md = readFileSync((await markdown.path())!, 'utf8');
    expect(md).toContain(`# Postmortem: ${incidentTitle}`);
    expect(md).toContain('Fixed firmware verified on our test hubs');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export JSON' }).click()]);
    const postmortem = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(postmortem).toMatchObject({ kind: 'killswitch.postmortem/v1', incident: { id: incidentId, status: 'investigating' } });
    expect(postmortem.timings.killToAck99).not.toBeNull();
  }, 90_000);

  it('lets an auditor read every screen and verify the audit chain, with no button that changes anything', async () => {
    const user = await person(auditor);
    const { page } = user;
    const writesAfterSignIn = user.writes.length;
    const screens: { path: string; ready: (p: Page) => Promise<unknown> }[] = [
      { path: `/admin/?q=${vendor.vendor}`, ready: (p) => p.locator(`tr[data-integration="${vendor.camera}"]`).waitFor() },
      { path: `/admin/kills/${killId}`, ready: (p) => p.getByText('100 % acknowledged').waitFor() },
      { path: '/admin/incidents', ready: (p) => p.getByRole('link', { name: incidentTitle }).waitFor() },
      { path: `/admin/incidents/${incidentId}`, ready: (p) => p.locator('.entry-approval').first().waitFor() },
      { path: '/admin/lift-requests?state=', ready: (p) => p.getByRole('article').first().waitFor() },
      { path: '/admin/audit', ready: (p) => p.locator('[data-verdict]').waitFor() },
    ];
    for (const screen of screens) {
      await page.goto(screen.path);
      await screen.ready(page);
      const buttons = await page.getByRole('button').evaluateAll((elements) => elements.map((e) => e.textContent?.trim() ?? ''));
      expect({ screen: screen.path, mutating: buttons.filter((name) => !READ_ONLY_BUTTONS.has(name)) }).toEqual({ screen: screen.path, mutating: [] });
      expect(await page.locator('textarea, input[type=checkbox]:not([data-filter]), input[type=radio]').count()).toBe(0);
    }

    await expect(page.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('ok');
    await expect(page.getByRole('status').filter({ hasText: 'The chain verifies' }).count()).resolves.toBe(1);
    await page.getByLabel('Action', { exact: true }).fill('kill-switch.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Filtered: every action shown is a kill, this suite's among them.
    await page.waitForFunction(() => {
      const actions = [...document.querySelectorAll('table.audit tbody tr td:nth-child(4)')].map((cell) => cell.textContent);
      return actions.length > 0 && actions.every((action) => action === 'kill-switch.create');
    });
    await page.getByRole('cell', { name: `kill-switch ${killId}` }).waitFor();
    await screenshot(page, '10-audit');
    // Reading is all the auditor's page did.
    expect(user.writes.slice(writesAfterSignIn)).toEqual([]);
  }, 90_000);

  it('passes axe’s WCAG 2.1 A/AA checks (labels, contrast, roles) on every screen, the kill dialog included', async () => {
    const { page } = responderUser;
    for (const path of [
      '/admin/',
      `/admin/kills/${killId}`,
      '/admin/incidents',
      `/admin/incidents/${incidentId}`,
      '/admin/lift-requests?state=',
      '/admin/audit',
    ]) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
    }
    await page.goto('/admin/');
    await page.getByRole('button', { name: 'Kill whole vendor…' }).first().click();
    await page.getByRole('dialog').getByTestId('impact-devices').waitFor();
    expect({ screen: 'kill dialog', violations: await axeViolations(page) }).toEqual({ screen: 'kill dialog', violations: [] });
    await page.keyboard.press('Escape');

    const signedOut = await openAs(browser, baseUrl);
    open.push(signedOut);
    await signedOut.page.goto('/admin/');
    await signedOut.page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect({ screen: 'sign in', violations: await axeViolations(signedOut.page) }).toEqual({ screen: 'sign in', violations: [] });
    // The check does catch a problem: an input without a label.
    await signedOut.page.evaluate(() => document.querySelector('form')?.append(document.createElement('input')));
    expect((await axeViolations(signedOut.page)).map((v) => v.id)).toContain('label');
  }, 120_000);

  it('runs the kill dialog from the keyboard: opens with Enter, keeps focus inside, closes with Escape back to its button', async () => {
    const { page } = responderUser;
    await page.goto('/admin/');
    const opener = page.getByRole('button', { name: 'Kill whole vendor…' }).first();
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('impact-devices').waitFor();
    const focusInDialog = () => page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')));
    expect(await focusInDialog()).toBe(true);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      expect({ tab: i + 1, inside: await focusInDialog() }).toEqual({ tab: i + 1, inside: true });
    }
    // Focus is visible: the focused control draws an outline.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);
  }, 60_000);

  it('loaded every screen without a script error or a Content-Security-Policy refusal', () => {
    for (const user of open) expect(problemsOf(user)).toEqual([]);
  });
});

/** `what` may be a function: what it says is read when the check fails, so it can describe the state then. */
async function expectEventually(check: () => boolean, what: string | (() => string), deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not reached in ${deadlineMs} ms: ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
