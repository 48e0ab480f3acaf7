// Four eyes in the admin UI, in Debian's Chromium against the real API: an approver whose account the requester
// created is offered no Approve or Reject on that request, nor an admin the policy's author owes their account to
// an Approve on the policy, and each reads why, in the API's words; an unrelated approver is offered Approve. The UI
// never sends a decision the API would refuse (no 403 in the page), and axe finds nothing.
import type { Browser } from 'playwright-core';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';
import { BrowserUser, axeViolations, launchChromium, openAs, screenshot, signIn } from './support/browser';

type User = Awaited<ReturnType<TestApi['userWith']>>;

describe('four eyes in the admin UI (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let baseUrl: string;
  let v: SeededVendor;
  let requester: User;
  let appointed: User;
  let unrelated: User;
  let deputy: User;
  const open: BrowserUser[] = [];

  beforeAll(async () => {
    browser = await launchChromium(); // first: without Chromium the suite fails here, loudly
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
    v = await seedVendor(api);
    // Every account exists before the requests are made (a newer one may not decide them).
    requester = await api.userWith('admin');
    appointed = await api.userWith('approver', { createdBy: requester.token });
    deputy = await api.userWith('admin', { createdBy: requester.token });
    unrelated = await api.userWith('approver');
  }, 180_000);

  afterAll(async () => {
    for (const user of open) await user.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  async function person(who: User): Promise<BrowserUser> {
    const user = await openAs(browser, baseUrl);
    open.push(user);
    await signIn(user, who.email, who.password);
    return user;
  }

  /** Everything that went wrong in a page but the 401 of /me before signing in. */
  const problemsOf = (user: BrowserUser) => user.problems.filter((p) => p !== 'HTTP 401 GET /v1/auth/me');

  async function requestedLift(): Promise<string> {
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: requester.token,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'strangers feeds' },
    });
    expect(kill.status).toBe(201);
    const lift = await api.request('POST', `/v1/kill-switches/${kill.body.id}/lift-requests`, { token: requester.token, body: { reason: 'fixed' } });
    expect(lift.status).toBe(201);
    return lift.body.id as string;
  }

  it('offers an approver the requester appointed no Approve on that request, and says why; an unrelated approver may approve', async () => {
    const id = await requestedLift();
    const refused = await person(appointed);
    const { page } = refused;
    await page.getByRole('link', { name: 'Lift requests' }).click();
    const card = page.locator(`[data-lift-request="${id}"]`);
    await card
      .getByText('Your account was created by the requester of this lift, so you cannot approve it: ask someone they did not appoint (four eyes).')
      .waitFor();
    await expect(card.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
    await expect(card.getByRole('button', { name: 'Reject' }).count()).resolves.toBe(0);
    await page.waitForLoadState('networkidle');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await screenshot(page, 'four-eyes-01-refused-approver');

    // The same request on its kill's page: the same card, the same answer.
    await card.getByRole('link').first().click();
    const onKill = page.locator(`[data-lift-request="${id}"]`);
    await onKill.locator('[data-why-not]').waitFor();
    await expect(onKill.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);

    const other = (await person(unrelated)).page;
    await other.getByRole('link', { name: 'Lift requests' }).click();
    const theirs = other.locator(`[data-lift-request="${id}"]`);
    await theirs.getByRole('button', { name: 'Approve' }).waitFor();
    await expect(theirs.locator('[data-why-not]').count()).resolves.toBe(0);
    await theirs.getByRole('button', { name: 'Approve' }).click();
    await theirs.waitFor({ state: 'detached' });
    expect((await api.request('GET', `/v1/lift-requests/${id}`, { token: requester.token })).body).toMatchObject({ decidedById: unrelated.id });
  }, 90_000);

  it('offers an admin whose account the policy’s author made no Approve on the policy, and says why', async () => {
    const name = `policy by the requester ${Math.random().toString(36).slice(2)}`;
    const policy = await api.request('POST', '/v1/auto-kill-policies', {
      token: requester.token,
      body: { name, match: { alertname: 'CameraLeak', vendor: v.vendor }, integration: v.camera, maxAffectedDevices: 10 },
    });
    expect(policy.status).toBe(201);
    const { page } = await person(deputy);
    await page.getByRole('link', { name: 'Auto-kill policies' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    await row.getByText('Your account was created by the author of this policy, so you cannot approve it').waitFor();
    await expect(row.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
    // Disabling takes one person: still offered.
    await row.getByRole('button', { name: 'Disable' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await screenshot(page, 'four-eyes-02-refused-policy-approver');
  }, 90_000);

  it('never sent a decision the API refused, and loaded every screen without a script error', () => {
    for (const user of open) expect(problemsOf(user)).toEqual([]);
  });
});
