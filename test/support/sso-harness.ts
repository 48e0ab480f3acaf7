import type { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from './api-harness';
import { testPrisma } from './db';
import { TestAccount, TestOidcProvider, TestProviderOptions, startOidcProvider } from './oidc-provider';

/** The redirect URI the test APIs give the provider: nothing listens there, the tests bring the callback to the API. */
export const TEST_REDIRECT_URI = 'http://killswitch.test/v1/auth/oidc/callback';

export interface SsoHarnessOptions {
  /** The accounts the provider knows at first (setAccounts changes them); none unless given. */
  accounts?: Record<string, TestAccount>;
  provider?: TestProviderOptions;
  /** More environment for the API. */
  env?: Record<string, string>;
}

/** What a single sign-on spec runs against: a real OpenID Connect provider, an API pointed at it, the run's database. */
export interface SsoHarness {
  provider: TestOidcProvider;
  api: TestApi;
  prisma: PrismaClient;
  /** Another API instance pointed at the provider, as another replica would be (with state of its own); the caller closes it. */
  anotherApi(): Promise<TestApi>;
  close(): Promise<void>;
}

/** Starts a provider (startOidcProvider) with `roleMap` mapping its groups to roles at an API (startTestApi) on it. */
export async function startSsoHarness(roleMap: Record<string, string[]>, options: SsoHarnessOptions = {}): Promise<SsoHarness> {
  const provider = await startOidcProvider(TEST_REDIRECT_URI, options.accounts ?? {}, options.provider);
  const apiEnv = () => provider.apiEnv(TEST_REDIRECT_URI, roleMap);
  let api: TestApi;
  try {
    api = await startTestApi({ ...apiEnv(), ...options.env });
  } catch (error) {
    await provider.stop();
    throw error;
  }
  const prisma = testPrisma();
  return {
    provider,
    api,
    prisma,
    anotherApi: () => startTestApi(apiEnv()),
    async close() {
      await api.close();
      await provider.stop();
      await prisma.$disconnect();
    },
  };
}
