import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestApi, TestResponse } from './api-harness';
import { RunningProcess, freePort, run } from './processes';

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
  /** The environment that points a test API at this provider. */
  apiEnv(redirectUri: string, roleMap: Record<string, string[]>): Record<string, string>;
  stop(): Promise<void>;
}

/** Starts test/support/oidc-provider-server.mjs (a real oidc-provider) with one confidential client for `redirectUri`. */
export async function startOidcProvider(redirectUri: string, accounts: Record<string, TestAccount>): Promise<TestOidcProvider> {
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
  });
  await child.waitForOutput(/oidc-provider listening on/, 20_000);
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    setAccounts,
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
  const jar = new Map<string, string>();
  const fetchWithJar = async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    return response;
  };

  let url = String(started.headers.location);
  let submitted = false;
  for (let hop = 0; hop < 20 && !url.startsWith(redirectUri); hop++) {
    let response = await fetchWithJar(url);
    if (response.status === 200 && !submitted) {
      // The provider's login page: post its form (any password; the test provider checks none).
      const action = /<form[^>]*action="([^"]+)"/.exec(await response.text())?.[1];
      if (!action) throw new Error(`no login form at ${url}`);
      submitted = true;
      response = await fetchWithJar(new URL(action.replace(/&amp;/g, '&'), url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }).toString(),
      });
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) throw new Error(`the provider answered ${response.status} at ${url}`);
    url = new URL(location, url).href;
  }
  if (!url.startsWith(redirectUri)) throw new Error('the provider never sent the browser back');
  const callback = new URL(url);
  const response = await api.request('GET', `/v1/auth/oidc/callback${callback.search}`, { headers: { cookie: stateCookie } });
  const session = /ks_session=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];
  return { response, session };
}
