import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RunningProcess, freePort, run } from './processes';

export const TEST_CLIENT = { id: 'killswitch-test', secret: `secret-${randomUUID()}` };

export interface TestAccount {
  email: string;
  groups: string[];
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
