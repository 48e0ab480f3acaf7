// Webhooks in the admin UI, in Debian's Chromium against the real API and worker and real receivers on
// 127.0.0.1: an admin adds a subscription (the API's validation words next to the field), sees its secret
// once, sends a test that a receiver verifies with that secret (standardwebhooks), retries a failing
// receiver's delivery once it recovers, disables, enables, edits and deletes; axe finds nothing.
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, Locator } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { WebhookReceiver } from '../../../test/support/webhook-receiver';
import { startTestWorker } from '../../../test/support/worker-harness';
import { BrowserUser, axeViolations, launchChromium, openAs, screenshot, signIn } from './support/browser';

describe('webhooks in the admin UI (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let worker: INestApplicationContext;
  let baseUrl: string;
  let admin: BrowserUser;
  const receivers: WebhookReceiver[] = [];
  const tag = Math.random().toString(36).slice(2, 8);
  let secret: string;

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
    // This worker retries a failed delivery only after minutes: what the test sees again is the admin's retry.
    worker = await startTestWorker({ WEBHOOK_RETRY_BASE_MS: '600000' });
    const person = await api.userWith('admin');
    admin = await openAs(browser, baseUrl);
    await signIn(admin, person.email, person.password);
  }, 180_000);

  afterAll(async () => {
    // No subscription of this suite is left for other suites' events.
    const token = await api.adminToken();
    const list = await api.request('GET', '/v1/webhooks?limit=500', { token });
    for (const w of (list.body?.items ?? []) as { id: string; description: string | null }[]) {
      if (w.description?.includes(tag)) await api.request('DELETE', `/v1/webhooks/${w.id}`, { token });
    }
    await admin?.context.close().catch(() => undefined);
    await browser?.close();
    await worker?.close();
    await api?.close();
    for (const r of receivers) await r.stop();
  });

  const receiver = async () => {
    const r = await new WebhookReceiver().start();
    receivers.push(r);
    return r;
  };
  const card = (description: string): Locator => admin.page.getByRole('article', { name: `Webhook ${description}` });
  const subscriptions = async () => (await api.request('GET', '/v1/webhooks?limit=500', { token: await api.adminToken() })).body.items.length as number;

  async function addWebhook(url: string, description: string): Promise<string> {
    const { page } = admin;
    await page.getByRole('button', { name: 'Add webhook…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a webhook' });
    await dialog.getByLabel('URL', { exact: true }).fill(url);
    await dialog.getByLabel('kill.created', { exact: true }).check();
    await dialog.getByLabel('Description (optional)', { exact: true }).fill(description);
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    const shown = page.getByRole('dialog', { name: 'Webhook added: its signing secret' });
    await shown.getByText('This secret will not be shown again.').waitFor();
    const value = await shown.getByLabel('Signing secret', { exact: true }).inputValue();
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    return value;
  }

  it('refuses what the API refuses, with its words next to the field, and writes nothing', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    const before = await subscriptions();
    await page.getByRole('button', { name: 'Add webhook…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a webhook' });
    await dialog.getByLabel('URL', { exact: true }).fill('http://169.254.169.254/latest/meta-data/');
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    // No event picked: the API's rule shows under the events.
    await dialog.getByRole('group', { name: 'Events' }).getByRole('alert').filter({ hasText: 'events must be a list of 1 to' }).waitFor();
    await dialog.getByLabel('kill.created', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    const url = dialog.getByLabel('URL', { exact: true });
    await dialog.getByRole('alert').filter({ hasText: 'is a cloud metadata address' }).waitFor();
    await expect(url.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = await url.getAttribute('aria-describedby');
    await expect(page.locator(`[id="${describedBy}"]`).innerText()).resolves.toContain('url host 169.254.169.254 is refused');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await screenshot(page, 'webhooks-01-refused-url');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await subscriptions()).toBe(before);
  }, 60_000);

  it('adds a webhook, shows its secret once, and sends a test the receiver verifies with that secret', async () => {
    const { page } = admin;
    const r = await receiver();
    const description = `test receiver ${tag}`;
    secret = await addWebhook(r.url, description);
    expect(secret).toMatch(/^whsec_/);
    // Shown once: nowhere on the page now, nor after a reload.
    await card(description).waitFor();
    await expect(page.content()).resolves.not.toContain(secret);
    await page.reload();
    await card(description).waitFor();
    await expect(page.content()).resolves.not.toContain(secret);

    const mine = card(description);
    await expect(mine.innerText()).resolves.toMatch(/Events\s+kill\.created[\s\S]*Format\s+cloudevents/);
    await mine.getByRole('button', { name: 'Send test' }).click();
    const row = mine.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'webhook.test' }) });
    await row.getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    await expect(row.getByRole('cell').nth(1).innerText()).resolves.toBe('1');
    expect(r.received).toHaveLength(1);
    const [request] = r.received;
    const verified = new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({ type: 'dev.killswitch.webhook.test' });
    await page.waitForLoadState('networkidle');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await screenshot(page, 'webhooks-02-test-delivered');
  }, 60_000);

  it('shows a failing receiver’s delivery with its error and retries it once the receiver recovers', async () => {
    const { page } = admin;
    const r = await receiver();
    let recovered = false;
    r.answer = () => ({ status: recovered ? 204 : 503 });
    const description = `flaky receiver ${tag}`;
    await addWebhook(r.url, description);
    const mine = card(description);
    await mine.getByRole('button', { name: 'Send test' }).click();
    const row = mine.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'webhook.test' }) });
    await row.getByText('HTTP 503').waitFor({ timeout: 20_000 });
    await expect(row.innerText()).resolves.toContain('pending');
    await screenshot(page, 'webhooks-03-failing');

    // The receiver is back when the admin asks for the retry.
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/retry')) recovered = true;
    });
    await row.getByRole('button', { name: 'Retry' }).click();
    await row.getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    const attempts = Number(await row.getByRole('cell').nth(1).innerText());
    expect(attempts).toBeGreaterThanOrEqual(2);
    // The same message each time: one webhook-id.
    expect(new Set(r.received.map((q) => q.headers['webhook-id'])).size).toBe(1);
    expect(r.received.length).toBe(attempts);
  }, 60_000);

  it('rotates a secret: the new one shown once, and while the old one signs too the receiver verifies with either', async () => {
    const { page } = admin;
    const r = await receiver();
    const description = `rotated receiver ${tag}`;
    const old = await addWebhook(r.url, description);
    const mine = card(description);
    await mine.getByRole('button', { name: 'Rotate secret…' }).click();
    const ask = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await ask.getByLabel('The old secret keeps signing for', { exact: true }).selectOption({ label: 'an hour' });
    await ask.getByRole('button', { name: 'Rotate secret' }).click();
    const shown = page.getByRole('dialog', { name: 'Secret rotated: the new signing secret' });
    await shown.getByText('This secret will not be shown again.').waitFor();
    await shown.getByText(/^The old secret signs too until /).waitFor();
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    const rotated = await shown.getByLabel('Signing secret', { exact: true }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(old);
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    await mine.getByText('Old secret signs until').waitFor();
    await expect(page.content()).resolves.not.toContain(rotated);

    await mine.getByRole('button', { name: 'Send test' }).click();
    const row = mine.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'webhook.test' }) });
    await row.getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    const [request] = r.received;
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    for (const secret of [old, rotated]) expect(new Webhook(secret).verify(request.body, headers)).toMatchObject({ type: 'dev.killswitch.webhook.test' });
    await screenshot(page, 'webhooks-04-secret-rotated');
  }, 60_000);

  it('disables, enables, edits and deletes a webhook (deleting asks first)', async () => {
    const { page } = admin;
    const description = `test receiver ${tag}`;
    const mine = card(description);
    await mine.getByRole('button', { name: 'Disable' }).click();
    await mine.getByText('disabled', { exact: true }).waitFor();
    await expect(mine.innerText()).resolves.toMatch(/Disabled\s+by an admin/);
    await expect(mine.getByRole('button', { name: 'Send test' }).isDisabled()).resolves.toBe(true);
    await mine.getByRole('button', { name: 'Enable' }).click();
    await mine.getByText('enabled', { exact: true }).waitFor();

    await mine.getByRole('button', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit webhook' });
    await dialog.getByLabel('Format', { exact: true }).selectOption('slack');
    await dialog.getByLabel('proposal.created', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await mine.getByText('kill.created, proposal.created', { exact: true }).waitFor();
    await expect(mine.innerText()).resolves.toMatch(/Events\s+kill\.created, proposal\.created[\s\S]*Format\s+slack/);

    await mine.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await mine.waitFor();
    await mine.getByRole('button', { name: 'Delete…' }).click();
    // The card polls its deliveries every 3 s, but not while the person decides, nor once deleted: that read would be a 404.
    const id = await mine.getAttribute('data-webhook');
    const reads: string[] = [];
    const onRequest = (request: { method(): string; url(): string }) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === `/v1/webhooks/${id}/deliveries`) reads.push(request.url());
    };
    page.on('request', onRequest);
    await page.waitForTimeout(3_500);
    await confirm.getByRole('button', { name: 'Delete webhook' }).click();
    await mine.waitFor({ state: 'detached' });
    await page.waitForTimeout(3_500);
    page.off('request', onRequest);
    expect(reads).toEqual([]);
  }, 60_000);

  it('shows Webhooks to admins only', async () => {
    const responder = await api.userWith('responder');
    const user = await openAs(browser, baseUrl);
    try {
      await signIn(user, responder.email, responder.password);
      await user.page.getByRole('link', { name: 'Kill board' }).waitFor();
      await expect(user.page.getByRole('link', { name: 'Webhooks' }).count()).resolves.toBe(0);
    } finally {
      await user.context.close();
    }
  }, 60_000);

  it('loaded every screen without a script error or a Content-Security-Policy refusal', () => {
    // The refusals the first test asked for are the API's answers, not the page's problems.
    expect(admin.problems.filter((p) => p !== 'HTTP 401 GET /v1/auth/me' && !p.startsWith('HTTP 400 POST /v1/webhooks'))).toEqual([]);
  });
});
