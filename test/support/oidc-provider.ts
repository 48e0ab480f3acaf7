import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestApi, TestResponse } from './api-harness';
import { RunningProcess, freePort, run } from './processes';
import { providerBrowser } from './provider-browser';

export const TEST_CLIENT = { id: 'killswitch-test', secret: `secret-${randomUUID()}` };

export interface TestAccount {
  email: string;
  groups: string[];
  /** The email_verified claim: true unless given; null leaves the claim out. */
  emailVerified?: boolean | null;
}

export interface TestOidcProvider {
  issuer: string;
  /** Replaces the accounts the provider knows; takes effect at the next sign-in. */
  setAccounts(accounts: Record<string, TestAccount>): void;
  /** Requests the provider's token endpoint has had (code exchanges and device polls alike), since it started. */
  tokenRequests(): Promise<number>;
  /** Its token endpoint answers the next request slow_down (RFC 8628), as a provider that finds polls too close. */
  slowDownNext(): Promise<void>;
  /** The environment that points a test API at this provider. */
  apiEnv(redirectUri: string, roleMap: Record<string, string[]>): Record<string, string>;
  stop(): Promise<void>;
}

export interface TestProviderOptions {
  /** The polling interval (seconds) its device authorizations carry; without it they carry none (5 s, RFC 8628). */
  deviceIntervalSec?: number;
}

/** Starts test/support/oidc-provider-server.mjs (a real oidc-provider) with one confidential client for `redirectUri`. */
export async function startOidcProvider(
  redirectUri: string,
  accounts: Record<string, TestAccount>,
  options: TestProviderOptions = {},
): Promise<TestOidcProvider> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'ks-oidc-'));
  const accountsFile = path.join(dir, 'accounts.json');
  const setAccounts = (next: Record<string, TestAccount>) => writeFileSync(accountsFile, JSON.stringify(next));
  setAccounts(accounts);
  const client = {
    client_id: TEST_CLIENT.id,
    client_secret: TEST_CLIENT.secret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  };
  const child: RunningProcess = run([path.join(__dirname, 'oidc-provider-server.mjs')], {
    ...process.env,
    NODE_ENV: 'test',
    OIDC_TEST_PORT: String(port),
    OIDC_TEST_ACCOUNTS: accountsFile,
    OIDC_TEST_CLIENTS: JSON.stringify([client]),
    ...(options.deviceIntervalSec === undefined ? {} : { OIDC_TEST_DEVICE_INTERVAL: String(options.deviceIntervalSec) }),
  });
  await child.waitForOutput(/oidc-provider listening on/, 20_000);
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    setAccounts,
    tokenRequests: async () => ((await (await fetch(`${issuer}/test/token-requests`)).json()) as { count: number }).count,
    async slowDownNext() {
      await fetch(`${issuer}/test/slow-down`, { method: 'POST' });
    },
    apiEnv: (redirect, roleMap) => ({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: TEST_CLIENT.id,
      OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
      OIDC_REDIRECT_URI: redirect,
      OIDC_PROVIDER_NAME: 'Test IdP',
      OIDC_ROLE_MAP: JSON.stringify(roleMap),
    }),
    async stop() {
      child.child.kill('SIGTERM');
      await child.exited;
    },
  };
}

/**
 * Signs `login` in through the provider without a browser, as a browser would: starts the sign-in at the API
 * (`GET /v1/auth/oidc/login`), follows the provider's redirects with a cookie jar of its own, fills the provider's
 * login form, and brings the callback the provider redirects to back to the API with the state cookie. Resolves to
 * the API's answer to the callback: 302 with the session cookie, or the 401 refusal (JSON: no `Accept: text/html`).
 */
export async function signInWithoutBrowser(api: TestApi, login: string): Promise<{ response: TestResponse; session?: string }> {
  const started = await api.request('GET', '/v1/auth/oidc/login');
  if (started.status !== 302) throw new Error(`the sign-in did not start: ${started.status} ${started.text}`);
  const stateCookie = /ks_oidc_state=[^;]+/.exec(String(started.headers['set-cookie']))![0];
  const redirectUri = api.config.OIDC_REDIRECT_URI!;
  const { url } = await providerBrowser().follow(String(started.headers.location), login, (at) => at.startsWith(redirectUri));
  if (!url.startsWith(redirectUri)) throw new Error(`the provider never sent the browser back (stopped at ${url})`);
  const callback = new URL(url);
  const response = await api.request('GET', `/v1/auth/oidc/callback${callback.search}`, { headers: { cookie: stateCookie } });
  const session = /ks_session=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];
  return { response, session };
}

/**
 * Approves a device authorization at the provider as `login`, without a browser, as a person would: opens the
 * verification link (`verificationUriComplete`), sends the code and confirms it, and signs in at the provider.
 */
export async function approveDeviceWithoutBrowser(link: string, login: string): Promise<void> {
  const browser = providerBrowser();
  let response = await browser.fetch(link);
  // The code's page (a form that a browser's script submits), then the confirmation page.
  for (let page = 0; page < 2 && response.status === 200; page++) response = await browser.submit(await response.text(), link);
  const location = response.headers.get('location');
  if (!location) throw new Error(`the provider did not take the code: ${response.status}`);
  const approved = await browser.follow(new URL(location, link).href, login);
  const page = (await approved.response?.text()) ?? '';
  if (!page.includes('Sign-in Success')) throw new Error(`the provider did not approve the device: ${page.slice(0, 500)}`);
}
