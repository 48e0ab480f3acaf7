// Single sign-on end to end: a real OpenID Connect provider (oidc-provider, its own login page) on a loopback
// port, the real API, PostgreSQL and the built admin UI in Debian's Chromium. A person signs in through the
// provider and lands with the roles their groups map to; a group change at the provider takes effect at the next
// sign-in; a disabled or unmapped account is refused; passwords are off except for the break-glass admin;
// forged and replayed callbacks are refused, audited, and sign nobody in.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PrismaClient } from '@killswitch/db';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TEST_ADMIN, TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { TestAccount, TestOidcProvider, startOidcProvider } from '../../../test/support/oidc-provider';
import { built, freePort, run as runProcess } from '../../../test/support/processes';
import { foldRefusals, refusedAttempts } from '../../../test/support/refusals';
import { BrowserUser, launchChromium, openAs } from './support/browser';

const ROLE_MAP = { 'ks-admins': ['admin'], 'ks-oncall': ['responder', 'approver'], 'ks-audit': ['auditor'] };

describe('single sign-on through an OpenID Connect provider (end to end)', () => {
  let browser: Browser;
  let provider: TestOidcProvider;
  let api: TestApi;
  let prisma: PrismaClient;
  let baseUrl: string;
  const open: BrowserUser[] = [];
  const run = randomUUID().slice(0, 8);
  const alice = `alice-${run}`;
  const accounts: Record<string, TestAccount> = {
    [alice]: { email: `alice-${run}@example.test`, groups: ['ks-oncall', 'unrelated'] },
    [`bob-${run}`]: { email: `bob-${run}@example.test`, groups: ['marketing'] },
  };

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const redirect = `${baseUrl}/v1/auth/oidc/callback`;
    provider = await startOidcProvider(redirect, accounts);
    api = await startTestApi({ ...provider.apiEnv(redirect, ROLE_MAP), LOCAL_LOGIN: 'off', LOCAL_LOGIN_BREAK_GLASS: TEST_ADMIN.email });
    await api.app.listen({ port, host: '127.0.0.1' });
    prisma = testPrisma();
  }, 180_000);

  afterAll(async () => {
    for (const user of open) await user.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
    await provider?.stop();
    await prisma?.$disconnect();
  });

  /** A fresh browser signs in through the provider's own login page; resolves on the admin UI. */
  async function signInWithSso(login: string): Promise<Page> {
    const user = await openAs(browser, baseUrl);
    open.push(user);
    const { page } = user;
    await page.goto('/admin/');
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password: the test provider checks none');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/'));
    return page;
  }

  async function me(page: Page): Promise<{ id: string; email: string; roles: string[] }> {
    return page.evaluate(async () => (await fetch('/v1/auth/me')).json());
  }

  it('signs a person in through the provider with the roles their groups map to, as another account than a local account of the same email', async () => {
    const local = await api.request('POST', '/v1/users', {
      token: await api.adminToken(),
      body: { email: accounts[alice].email, password: `pw-${randomUUID()}`, roles: ['auditor'] },
    });
    expect(local.status).toBe(201);

    const page = await signInWithSso(alice);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const who = await me(page);
    expect(who).toMatchObject({ email: accounts[alice].email, roles: ['responder', 'approver'] });
    expect(who.id).not.toBe(local.body.id);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: who.id } });
    expect(stored).toMatchObject({ issuer: provider.issuer, subject: alice, passwordHash: '' });
  });

  it('replaces the roles at the next sign-in when the groups change at the provider', async () => {
    provider.setAccounts({ ...accounts, [alice]: { ...accounts[alice], groups: ['ks-audit'] } });
    const page = await signInWithSso(alice);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const who = await me(page);
    expect(who.roles).toEqual(['auditor']);
    expect(await prisma.user.count({ where: { issuer: provider.issuer, subject: alice } })).toBe(1);
  });

  it('refuses an account none of whose groups maps to a role, and says why', async () => {
    const page = await signInWithSso(`bob-${run}`);
    await page.getByText(/single sign-on refused: none of this account's groups maps to a Killswitch role/).waitFor();
    expect(await prisma.user.count({ where: { issuer: provider.issuer, subject: `bob-${run}` } })).toBe(0);
  });

  it('refuses an SSO account disabled here', async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { issuer_subject: { issuer: provider.issuer, subject: alice } } });
    const disabled = await api.request('PATCH', `/v1/users/${user.id}`, { token: await api.adminToken(), body: { disabled: true } });
    expect(disabled.status).toBe(200);
    const sessionsBefore = await prisma.session.count({ where: { userId: user.id } });
    const page = await signInWithSso(alice);
    await page.getByText(/single sign-on refused: this account is disabled in Killswitch/).waitFor();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(sessionsBefore);
    await api.request('PATCH', `/v1/users/${user.id}`, { token: await api.adminToken(), body: { disabled: false } });
  });

  it('refuses passwords when local login is off, except the break-glass admin, whose sign-in is audited as such', async () => {
    const responder = await api.request('POST', '/v1/users', {
      token: await api.adminToken(),
      body: { email: `local-${run}@example.test`, password: 'local-password-123', roles: ['responder'] },
    });
    expect(responder.status).toBe(201);
    const refused = await api.request('POST', '/v1/auth/session', { body: { email: `local-${run}@example.test`, password: 'local-password-123' } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'local_login_off', message: expect.stringMatching(/sign in with Test IdP/) });
    expect(await prisma.session.count({ where: { userId: responder.body.id } })).toBe(0);

    const glass = await api.request('POST', '/v1/auth/login', { body: TEST_ADMIN });
    expect(glass.status).toBe(200);
    const admin = await prisma.user.findUniqueOrThrow({ where: { issuer_email: { issuer: '', email: TEST_ADMIN.email } } });
    const entry = await prisma.auditEntry.findFirst({ where: { action: 'auth.login.break-glass', actorId: admin.id }, orderBy: { seq: 'desc' } });
    expect(entry).not.toBeNull();
  });

  it('refuses a forged state, a replayed callback and a code presented again, with an audit entry, signing nobody in', async () => {
    provider.setAccounts({ ...accounts, [alice]: { ...accounts[alice], groups: ['ks-oncall'] } });
    // Capture the real callback the provider sends the browser to.
    const user = await openAs(browser, baseUrl);
    open.push(user);
    // A redirect the provider answers: page.route does not see it, the request event does.
    let callback: string | undefined;
    user.page.on('request', (request) => {
      if (request.url().includes('/v1/auth/oidc/callback?')) callback ??= request.url();
    });
    await user.page.goto('/admin/');
    await user.page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await user.page.locator('input[name="login"]').fill(alice);
    await user.page.locator('input[name="password"]').fill('whatever');
    await user.page.getByRole('button', { name: 'Sign-in' }).click();
    await user.page.getByRole('button', { name: 'Sign out' }).waitFor();
    const url = new URL(callback!);
    // The browser's state cookie holds the state it brought back.
    const stateCookie = `ks_oidc_state=${url.searchParams.get('state')}`;
    const sessions = await prisma.session.count();

    const forged = await api.request('GET', `/v1/auth/oidc/callback${url.search.replace(/state=[^&]+/, 'state=forged')}`, { headers: { cookie: stateCookie } });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: 'sso_refused', message: expect.stringMatching(/state does not match/) });

    const replayed = await api.request('GET', `/v1/auth/oidc/callback${url.search}`, { headers: { cookie: stateCookie } });
    expect(replayed.status).toBe(401);
    expect(replayed.body.message).toMatch(/already completed/);

    // The same code under a fresh state of this server: the provider will not exchange it again (nor with another PKCE verifier).
    const started = await api.request('GET', '/v1/auth/oidc/login');
    const fresh = /ks_oidc_state=([^;]+)/.exec(String(started.headers['set-cookie']))![1];
    const again = new URLSearchParams(url.search);
    again.set('state', fresh);
    const reused = await api.request('GET', `/v1/auth/oidc/callback?${again}`, { headers: { cookie: `ks_oidc_state=${fresh}` } });
    expect(reused.status).toBe(401);
    expect(reused.body.message).toMatch(/provider's answer was refused/);

    // A callback claiming to come from another issuer (RFC 9207 `iss`).
    const other = await api.request('GET', '/v1/auth/oidc/login');
    const otherState = /ks_oidc_state=([^;]+)/.exec(String(other.headers['set-cookie']))![1];
    const foreign = new URLSearchParams(url.search);
    foreign.set('state', otherState);
    foreign.set('iss', 'https://evil.example');
    const wrongIssuer = await api.request('GET', `/v1/auth/oidc/callback?${foreign}`, { headers: { cookie: `ks_oidc_state=${otherState}` } });
    expect(wrongIssuer.status).toBe(401);
    expect(wrongIssuer.body.code).toBe('sso_refused');

    expect(await prisma.session.count()).toBe(sessions);
    await foldRefusals(api);
    expect(await refusedAttempts(prisma, { action: 'auth.login', reason: { contains: 'state does not match' } })).toBeGreaterThanOrEqual(1);
    expect(await refusedAttempts(prisma, { action: 'auth.login', reason: { contains: 'already completed' } })).toBeGreaterThanOrEqual(1);
    expect(await refusedAttempts(prisma, { action: 'auth.login', reason: { contains: "provider's answer was refused" } })).toBeGreaterThanOrEqual(2);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent (a code injected into another sign-in), signing nobody in', async () => {
    // The attacker starts a sign-in here, and knows its state and PKCE verifier (read from the database: the strongest
    // attacker), but asks the provider with a nonce of their own: only the ID token's nonce gives it away.
    const started = await api.request('GET', '/v1/auth/oidc/login');
    const state = /ks_oidc_state=([^;]+)/.exec(String(started.headers['set-cookie']))![1];
    const login = await prisma.oidcLogin.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    const forged = new URL(String(started.headers.location));
    forged.searchParams.set('nonce', 'attacker-nonce');
    expect(forged.searchParams.get('state')).toBe(state);
    expect(login.nonce).not.toBe('attacker-nonce');

    const user = await openAs(browser, baseUrl);
    open.push(user);
    await user.context.addCookies([{ name: 'ks_oidc_state', value: state, url: `${baseUrl}/v1/auth/oidc/callback` }]);
    const sessions = await prisma.session.count();
    await user.page.goto(forged.href);
    await user.page.locator('input[name="login"]').fill(alice);
    await user.page.locator('input[name="password"]').fill('whatever');
    await user.page.getByRole('button', { name: 'Sign-in' }).click();
    await user.page.getByText(/single sign-on refused: .*"nonce"/).waitFor();
    expect(await prisma.session.count()).toBe(sessions);

    const bogusDevice = await api.request('POST', '/v1/auth/oidc/device/token', { body: { deviceCode: 'not-a-device-code' } });
    expect(bogusDevice.status).toBe(401);
    expect(bogusDevice.body.code).toBe('sso_refused');
    await foldRefusals(api);
    expect(await refusedAttempts(prisma, { action: 'auth.login', reason: { contains: 'nonce' } })).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('signs the CLI in through the provider with the device authorization grant (killswitch login --sso)', async () => {
    provider.setAccounts({ ...accounts, [alice]: { ...accounts[alice], groups: ['ks-oncall'] } });
    // The built CLI in a home of its own (apps may not import each other's test harnesses).
    const home = mkdtempSync(path.join(tmpdir(), 'ks-sso-cli-'));
    const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, 'config') };
    const cli = built('dist/apps/cli/src/main.js');
    try {
      const login = runProcess([cli, 'login', '--sso', '--url', baseUrl], env);
      const [, link] = await login.waitForOutput(/open (\S+)/);
      const user = await openAs(browser, baseUrl);
      open.push(user);
      await user.page.goto(link);
      await user.page.getByRole('button', { name: 'Continue' }).click();
      await user.page.locator('input[name="login"]').fill(alice);
      await user.page.locator('input[name="password"]').fill('whatever');
      await user.page.getByRole('button', { name: 'Sign-in' }).click();
      await user.page.getByRole('heading', { name: 'Sign-in Success' }).waitFor();

      expect((await login.exited).code).toBe(0);
      expect(login.output()).toContain(`logged in to ${baseUrl} as ${accounts[alice].email} (single sign-on)`);
      const whoami = runProcess([cli, 'whoami', '--json'], env);
      expect((await whoami.exited).code).toBe(0);
      expect(JSON.parse(whoami.output())).toMatchObject({ email: accounts[alice].email, roles: ['responder', 'approver'], via: 'session' });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
