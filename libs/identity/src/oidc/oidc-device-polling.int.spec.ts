// The CLI's single sign-on polling (POST /v1/auth/oidc/device/token) against a real OpenID Connect provider
// (oidc-provider on a loopback port, counting its token requests), the real API in-process and PostgreSQL: only device
// codes this API started are sent on to the provider, each no sooner than its polling interval, and refusals of unknown
// codes are limited per client address.
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from '@killswitch/db';
import { TestApi } from '../../../../test/support/api-harness';
import { TestOidcProvider, approveDeviceWithoutBrowser } from '../../../../test/support/oidc-provider';
import { SsoHarness, startSsoHarness } from '../../../../test/support/sso-harness';
import { DeviceAuthorizations } from './device-authorizations';
import type { DeviceStart } from './oidc.dto';

const ROLE_MAP = { 'ks-oncall': ['responder', 'approver'] };
/** The provider's polling interval: short, so that a test can wait it out; long enough for a poll to come sooner on a busy host. */
const INTERVAL_SEC = 2;
const REFUSAL_LIMIT = 5;

describe('POST /v1/auth/oidc/device/token', () => {
  let harness: SsoHarness;
  let provider: TestOidcProvider;
  let api: TestApi;
  let prisma: PrismaClient;
  const run = randomUUID().slice(0, 8);
  const login = `cli-${run}`;
  let addresses = 0;
  /** A client address of its own, so that one test's refusals do not count against another's. */
  const freshAddress = () => `10.${run.charCodeAt(0)}.${run.charCodeAt(1)}.${++addresses}`;

  async function start(remoteAddress?: string): Promise<DeviceStart> {
    const started = await api.request('POST', '/v1/auth/oidc/device', { remoteAddress });
    if (started.status !== 200) throw new Error(`the device flow did not start: ${started.status} ${started.text}`);
    return started.body as DeviceStart;
  }
  const poll = (deviceCode: string, remoteAddress?: string) => api.request('POST', '/v1/auth/oidc/device/token', { body: { deviceCode }, remoteAddress });
  const waitInterval = (seconds = INTERVAL_SEC) => sleep(seconds * 1000 + 100);
  const recordOf = (deviceCode: string) =>
    prisma.oidcDeviceAuthorization.findUniqueOrThrow({ where: { deviceCodeHash: createHash('sha256').update(deviceCode).digest('hex') } });

  beforeAll(async () => {
    harness = await startSsoHarness(ROLE_MAP, {
      accounts: { [login]: { email: `${login}@example.test`, groups: ['ks-oncall'] } },
      provider: { deviceIntervalSec: INTERVAL_SEC },
      env: { REFUSAL_LIMIT: String(REFUSAL_LIMIT) },
    });
    ({ provider, api, prisma } = harness);
  }, 60_000);

  afterAll(() => harness?.close());

  it('refuses a device code this API did not start (401 sso_refused) without a request to the provider', async () => {
    const before = await provider.tokenRequests();

    const refused = await poll(`not-started-here-${randomUUID()}`, freshAddress());

    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'sso_refused', message: expect.stringMatching(/unknown or expired device code/) });
    expect(await provider.tokenRequests()).toBe(before);
  });

  it('answers a poll sooner than the interval with 429 slow_down and Retry-After, without a request to the provider', async () => {
    const started = await start();
    expect(started.interval).toBe(INTERVAL_SEC);
    const before = await provider.tokenRequests();

    const early = await poll(started.deviceCode);

    expect(early.status).toBe(429);
    expect(early.body).toMatchObject({ code: 'slow_down' });
    expect(Number(early.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(early.headers['retry-after'])).toBeLessThanOrEqual(INTERVAL_SEC);
    expect(await provider.tokenRequests()).toBe(before);

    await waitInterval();
    expect((await poll(started.deviceCode)).status).toBe(202);
    expect(await provider.tokenRequests()).toBe(before + 1);
    // Two polls at once: one goes on to the provider, the other is told to slow down.
    await waitInterval();
    const both = await Promise.all([poll(started.deviceCode), poll(started.deviceCode)]);
    expect(both.map((answer) => answer.status).sort()).toEqual([202, 429]);
    expect(await provider.tokenRequests()).toBe(before + 2);
  });

  it('admits exactly one of several polls of a device code arriving together, and tells the others to wait for the next turn', async () => {
    const started = await start();
    const { id } = await recordOf(started.deviceCode);
    await prisma.oidcDeviceAuthorization.update({ where: { id }, data: { nextPollAt: new Date(Date.now() - 1000) } });
    const authorizations = api.app.get(DeviceAuthorizations);

    const admissions = await Promise.all(Array.from({ length: 8 }, () => authorizations.admit(started.deviceCode)));

    expect(admissions.filter((admission) => admission.kind === 'admitted')).toEqual([{ kind: 'admitted', id, intervalSec: INTERVAL_SEC }]);
    const waits = admissions.flatMap((admission) => (admission.kind === 'too-soon' ? [admission.retryAfterSec] : []));
    expect(waits).toHaveLength(7);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(1);
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(INTERVAL_SEC);
    expect((await recordOf(started.deviceCode)).nextPollAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('signs the CLI in once the person approved at the provider, and then takes the device code no more', async () => {
    const started = await start();
    await waitInterval();
    expect(await poll(started.deviceCode)).toMatchObject({ status: 202, body: { pending: true } });

    await approveDeviceWithoutBrowser(started.verificationUriComplete!, login);
    await waitInterval();
    const signedIn = await poll(started.deviceCode);

    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String) });
    const me = await api.request('GET', '/v1/auth/me', { token: signedIn.body.accessToken });
    expect(me.body).toMatchObject({ email: `${login}@example.test`, roles: ['responder', 'approver'] });

    const before = await provider.tokenRequests();
    await waitInterval();
    const again = await poll(started.deviceCode, freshAddress());
    expect(again.status).toBe(401);
    expect(again.body.message).toMatch(/unknown or expired device code/);
    expect(await provider.tokenRequests()).toBe(before);
  });

  it('refuses a device code past its expiry without a request to the provider', async () => {
    const started = await start();
    await prisma.oidcDeviceAuthorization.update({ where: { id: (await recordOf(started.deviceCode)).id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await waitInterval();
    const before = await provider.tokenRequests();

    const refused = await poll(started.deviceCode, freshAddress());

    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'sso_refused', message: expect.stringMatching(/unknown or expired device code/) });
    expect(await provider.tokenRequests()).toBe(before);
  });

  it("lengthens a device code's interval by 5 s when the provider says slow_down, and holds its polls to it", async () => {
    const started = await start();
    await waitInterval();
    await provider.slowDownNext();

    const slowed = await poll(started.deviceCode);

    expect(slowed.status).toBe(429);
    expect(slowed.body).toMatchObject({ code: 'slow_down' });
    expect(Number(slowed.headers['retry-after'])).toBe(INTERVAL_SEC + 5);
    expect((await recordOf(started.deviceCode)).intervalSec).toBe(INTERVAL_SEC + 5);
    const before = await provider.tokenRequests();
    await waitInterval();
    const early = await poll(started.deviceCode);
    expect(early.status).toBe(429);
    expect(Number(early.headers['retry-after'])).toBeGreaterThan(INTERVAL_SEC);
    expect(await provider.tokenRequests()).toBe(before);
  });

  it('answers 429 to an address past REFUSAL_LIMIT unknown device codes, and still serves the codes it started', async () => {
    const address = freshAddress();
    const started = await start(address);
    const before = await provider.tokenRequests();
    for (let attempt = 0; attempt < REFUSAL_LIMIT; attempt++) expect((await poll(`bogus-${randomUUID()}`, address)).status).toBe(401);

    const held = await poll(`bogus-${randomUUID()}`, address);

    expect(held.status).toBe(429);
    expect(held.body.code).toBe('rate_limited');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    expect((await poll(`bogus-${randomUUID()}`, freshAddress())).status).toBe(401);
    expect(await provider.tokenRequests()).toBe(before);
    await waitInterval();
    expect((await poll(started.deviceCode, address)).status).toBe(202);
  });

  describe('device authorizations past their expiry', () => {
    let fresh: TestApi;

    beforeAll(async () => {
      // An instance of its own: each deletes them at the first device flow it starts, then at most once a minute.
      fresh = await harness.anotherApi();
    });
    afterAll(async () => {
      await fresh?.close();
    });

    it('are deleted when a device flow starts; those still running are kept', async () => {
      const now = Date.now();
      const row = (minutes: number) => ({
        deviceCodeHash: `purge-test-${randomUUID()}`,
        intervalSec: 5,
        nextPollAt: new Date(now),
        expiresAt: new Date(now + minutes * 60_000),
      });
      const rows = [row(-60), row(-1), row(5)];
      await prisma.oidcDeviceAuthorization.createMany({ data: rows });

      expect((await fresh.request('POST', '/v1/auth/oidc/device')).status).toBe(200);

      const left = await prisma.oidcDeviceAuthorization.findMany({ where: { deviceCodeHash: { in: rows.map((r) => r.deviceCodeHash) } } });
      expect(left.map((r) => r.deviceCodeHash)).toEqual([rows[2].deviceCodeHash]);
    });
  });
});
