// Proposed kills on the kill board, in Debian's Chromium against the real API: an Alertmanager alert posted
// with a signals-role token shows at the top of the board with its scope, impact, repeats and incident; a
// responder confirms it with one click and lands on the kill it made; an alert with bad labels says what is
// wrong and offers no confirmation; another is dismissed with a reason; axe finds nothing.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { alertmanagerAlert, alertmanagerNotification } from '../../../test/support/alertmanager';
import { BrowserUser, axeViolations, launchChromium, openAs, screenshot, signIn } from './support/browser';

const FIXED = '3.5.1_00.68';

/** Alertmanager's webhook carrying one alert named `alertname`. */
function notification(alertname: string, labels: Record<string, string>, fingerprint?: string) {
  return alertmanagerNotification([alertmanagerAlert(labels, { alertname, fingerprint })], `{}:{alertname="${alertname}"}`);
}

describe('proposed kills on the kill board (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let baseUrl: string;
  let responder: BrowserUser;
  let signals: string;
  let v: SeededVendor;
  const tag = randomBytes(3).toString('hex');
  const alertname = `CameraFeedLeak${tag}`;
  const fingerprint = randomBytes(8).toString('hex');

  const signal = async (body: unknown) => {
    const response = await api.request('POST', '/v1/signals/alertmanager', { token: signals, body });
    // 201 when an alert made a new proposal, 200 for a repeat.
    expect(response.status).toBe(response.body.alerts.some((a: { outcome: string }) => a.outcome === 'proposed') ? 201 : 200);
    return response.body.alerts[0] as { proposalId: string; incidentId: string; state: string };
  };

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
    v = await seedVendor(api);
    for (const firmware of ['3.5.1_00.66', '3.5.1_00.66', FIXED]) {
      await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: firmware }] });
    }
    const minted = await api.request('POST', '/v1/api-tokens', { token: await api.adminToken(), body: { name: `alertmanager ${tag}`, roles: ['signals'] } });
    expect(minted.status).toBe(201);
    signals = minted.body.token;
    const person = await api.userWith('responder');
    responder = await openAs(browser, baseUrl);
    await signIn(responder, person.email, person.password);
  }, 180_000);

  afterAll(async () => {
    await responder?.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  const labels = () => ({ killswitch_vendor: v.vendor, killswitch_integration: 'camera-stream', killswitch_vendor_firmware: `lt:${FIXED}` });

  it('shows an alert’s proposal at the top of the board and confirms it with one click, making the kill', async () => {
    const { page, writes } = responder;
    const made = await signal(notification(alertname, labels(), fingerprint));
    expect(made.state).toBe('open');
    const invalid = await signal(notification(`${alertname}Bad`, { killswitch_vendor: v.vendor, killswitch_vendor_firmware: 'lt:3.5 beta' }));
    expect(invalid.state).toBe('invalid');

    await page.goto('/admin/');
    const card = page.getByRole('article', { name: `Alert ${alertname} from alertmanager` });
    await card.waitFor();
    // At the top: the proposals come before every vendor.
    const proposals = page.getByRole('region', { name: /^Proposed kills/ });
    const first = await page.evaluate(() => document.querySelector('main h1 + *')?.getAttribute('aria-labelledby'));
    expect(first).toBe('proposals-title');
    await expect(proposals.getByRole('article', { name: `Alert ${alertname} from alertmanager` }).count()).resolves.toBe(1);

    await expect(card.innerText()).resolves.toMatch(new RegExp(`Proposed scope\\s+${v.camera}, vendor firmware lt ${FIXED.replace(/\./g, '\\.')}`));
    await card.getByTestId('impact-devices').filter({ hasText: /^2$/ }).waitFor();
    await expect(card.innerText()).resolves.toMatch(/Fired\s+once/);
    await expect(card.getByRole('link', { name: 'the alert’s incident' }).getAttribute('href')).resolves.toBe(`/admin/incidents/${made.incidentId}`);

    // The alert fires again: the same proposal counts it.
    await signal(notification(alertname, labels(), fingerprint));
    await card.getByText(/^2 times, first/).waitFor({ timeout: 15_000 });

    const bad = page.getByRole('article', { name: `Alert ${alertname}Bad from alertmanager` });
    await expect(bad.getByRole('list', { name: 'What is wrong' }).innerText()).resolves.toContain('label killswitch_vendor_firmware');
    await expect(bad.getByRole('button').count()).resolves.toBe(0);
    await page.waitForLoadState('networkidle');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await screenshot(page, 'proposals-01-board');

    const writesBefore = writes.length;
    await card.getByRole('button', { name: 'Confirm kill' }).click();
    await page.waitForURL(/\/admin\/kills\/[0-9a-f-]{36}$/);
    expect(writes.slice(writesBefore)).toEqual([`POST /v1/proposals/${made.proposalId}/confirm`]);
    const killId = page.url().split('/').pop()!;
    const token = await api.adminToken();
    const kill = (await api.request('GET', `/v1/kill-switches/${killId}`, { token })).body;
    expect(kill).toMatchObject({ state: 'active', incidentId: made.incidentId, affectedDevices: 2, scope: { vendor: v.vendor, integration: v.camera } });
    expect(kill.reason).toContain(alertname);
    const proposal = (await api.request('GET', `/v1/proposals/${made.proposalId}`, { token })).body;
    expect(proposal).toMatchObject({ state: 'confirmed', killSwitchId: killId, count: 2 });

    // Decided: no longer on the board.
    await page.goto('/admin/');
    await page.getByRole('heading', { name: 'Kill board', level: 1 }).waitFor();
    await bad.waitFor();
    await expect(card.count()).resolves.toBe(0);
  }, 90_000);

  it('dismisses a proposal with a reason, making no kill', async () => {
    const { page } = responder;
    const name = `${alertname}Dismissed`;
    const made = await signal(notification(name, labels()));
    await page.goto('/admin/');
    const card = page.getByRole('article', { name: `Alert ${name} from alertmanager` });
    await card.getByRole('button', { name: 'Dismiss…' }).click();
    await card.getByLabel('Why is it not a kill?', { exact: true }).fill('false alarm: the probe was misconfigured');
    await card.getByRole('button', { name: 'Dismiss proposal' }).click();
    await card.waitFor({ state: 'detached' });
    const proposal = (await api.request('GET', `/v1/proposals/${made.proposalId}`, { token: await api.adminToken() })).body;
    expect(proposal).toMatchObject({ state: 'dismissed', killSwitchId: null, decisionReason: 'false alarm: the probe was misconfigured' });
  }, 60_000);

  it('shows an auditor the proposals with nothing to press', async () => {
    const name = `${alertname}Audited`;
    const made = await signal(notification(name, labels()));
    const auditor = await api.userWith('auditor');
    const user = await openAs(browser, baseUrl);
    try {
      await signIn(user, auditor.email, auditor.password);
      const card = user.page.getByRole('article', { name: `Alert ${name} from alertmanager` });
      await card.getByTestId('impact-devices').waitFor();
      await expect(card.getByRole('button').count()).resolves.toBe(0);
    } finally {
      await user.context.close();
      // Not left open on the board other suites of the run look at.
      await api.request('POST', `/v1/proposals/${made.proposalId}/dismiss`, { token: await api.adminToken(), body: { reason: 'test proposal, done' } });
    }
  }, 60_000);

  it('loaded every screen without a script error or a Content-Security-Policy refusal', () => {
    expect(responder.problems.filter((p) => p !== 'HTTP 401 GET /v1/auth/me')).toEqual([]);
  });
});
