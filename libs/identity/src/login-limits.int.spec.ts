import { randomInt, randomUUID } from 'node:crypto';
import { PrismaClient } from '@killswitch/db';
import { TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { hashSecret } from './secrets';

/**
 * Failed sign-in limits through the API: counts are kept in the run's Redis, shared by every API instance of the run,
 * so each test signs in from addresses of its own (random ones in 10/8 and 198.18/15). Accounts are made through an
 * instance with the harness's high limits (its admin signs in from 127.0.0.1, which other test files share).
 */
describe('failed sign-in limits (integration)', () => {
  const apis: TestApi[] = [];
  let setup: TestApi;
  let prisma: PrismaClient;

  beforeAll(async () => {
    prisma = testPrisma();
    setup = await start({});
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.close()));
    await prisma.$disconnect();
  });

  async function start(env: Record<string, string>): Promise<TestApi> {
    const api = await startTestApi(env);
    apis.push(api);
    return api;
  }

  const anAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const aProxiedClient = () => `198.${randomInt(18, 20)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const nobody = () => `nobody-${randomUUID()}@killswitch.test`;

  /** POST /v1/auth/login or /v1/auth/session from `remoteAddress` (the connection's peer), with any extra headers. */
  function signIn(
    api: TestApi,
    route: 'login' | 'session',
    body: { email: string; password: string },
    from: { remoteAddress?: string; forwardedFor?: string } = {},
  ): Promise<TestResponse> {
    const headers: Record<string, string> = from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {};
    return api.request('POST', `/v1/auth/${route}`, { body: { email: body.email, password: body.password }, headers, remoteAddress: from.remoteAddress });
  }

  const statuses = (responses: TestResponse[]) => responses.map((response) => response.status);

  function expectRateLimited(response: TestResponse, limit: 'from this address' | 'to this account', maxWaitSec: number): void {
    expect({ status: response.status, body: response.body }).toEqual({
      status: 429,
      body: {
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'rate_limited',
        message: expect.stringMatching(new RegExp(`^too many failed sign-ins ${limit}: retry in \\d+ s$`)),
        requestId: expect.any(String),
      },
    });
    const retryAfter = response.headers['retry-after'];
    expect(String(retryAfter)).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(maxWaitSec);
    expect(response.body.message).toContain(`retry in ${String(retryAfter)} s`);
  }

  /** The client address the session behind a bearer token recorded. */
  async function sessionAddress(accessToken: string): Promise<string | null> {
    return (await prisma.session.findUniqueOrThrow({ where: { tokenHash: hashSecret(accessToken) } })).ip;
  }

  describe('per client address', () => {
    let api: TestApi;
    let user: { email: string; password: string };

    beforeAll(async () => {
      api = await start({ LOGIN_RATE_LIMIT: '3' });
      user = await setup.userWith('responder');
    });

    it('counts /v1/auth/login and /v1/auth/session together, then answers 429 with Retry-After and the error body', async () => {
      const attacker = { remoteAddress: anAddress() };
      const wrong = { email: user.email, password: 'not-the-password' };
      const failed = [await signIn(api, 'login', wrong, attacker), await signIn(api, 'session', wrong, attacker), await signIn(api, 'login', wrong, attacker)];
      expect(statuses(failed)).toEqual([401, 401, 401]);

      expectRateLimited(await signIn(api, 'session', wrong, attacker), 'from this address', 60);
      expectRateLimited(await signIn(api, 'login', wrong, attacker), 'from this address', 60);
      // Held back before the password is checked: the right one waits too.
      expectRateLimited(await signIn(api, 'login', user, attacker), 'from this address', 60);
      // Another address is not held back.
      expect((await signIn(api, 'session', user, { remoteAddress: anAddress() })).status).toBe(200);
    });

    it('does not count sign-ins with the right password', async () => {
      const client = { remoteAddress: anAddress() };
      const wrong = { email: user.email, password: 'not-the-password' };
      const answers = [
        await signIn(api, 'login', wrong, client),
        await signIn(api, 'login', user, client),
        await signIn(api, 'session', user, client),
        await signIn(api, 'login', wrong, client),
        await signIn(api, 'login', user, client),
        await signIn(api, 'session', user, client),
        await signIn(api, 'session', wrong, client),
        await signIn(api, 'login', wrong, client),
      ];
      expect(statuses(answers)).toEqual([401, 200, 200, 401, 200, 200, 401, 429]);
    });

    it('counts an address across API instances (Redis): two instances do not double the budget', async () => {
      const other = await start({ LOGIN_RATE_LIMIT: '3' });
      const attacker = { remoteAddress: anAddress() };
      const wrong = { email: nobody(), password: 'whatever-password' };
      expect(
        statuses([await signIn(api, 'login', wrong, attacker), await signIn(other, 'login', wrong, attacker), await signIn(api, 'session', wrong, attacker)]),
      ).toEqual([401, 401, 401]);
      expectRateLimited(await signIn(other, 'login', wrong, attacker), 'from this address', 60);
    });
  });

  describe('per account', () => {
    let api: TestApi;

    beforeAll(async () => {
      api = await start({ LOGIN_ACCOUNT_LIMIT: '3', LOGIN_ACCOUNT_MAX_WAIT_SEC: '600' });
    });

    it('slows guessing one account from many addresses, but not its owner where they signed in before', async () => {
      const user = await setup.userWith('responder');
      const home = { remoteAddress: anAddress() };
      expect((await signIn(api, 'login', user, home)).status).toBe(200);

      const wrong = { email: user.email.toUpperCase(), password: 'a-guess' }; // the normalised email is what counts
      const guesses = [];
      for (let i = 0; i < 3; i++) guesses.push(await signIn(api, i % 2 ? 'session' : 'login', wrong, { remoteAddress: anAddress() }));
      expect(statuses(guesses)).toEqual([401, 401, 401]);

      // A fourth address: the account waits (15 s at first, LOGIN_ACCOUNT_LIMIT failures in), whatever the password.
      expectRateLimited(await signIn(api, 'login', wrong, { remoteAddress: anAddress() }), 'to this account', 15);
      expectRateLimited(await signIn(api, 'session', user, { remoteAddress: anAddress() }), 'to this account', 15);
      // Where the person signed in before, they are not held back by guesses from elsewhere.
      expect((await signIn(api, 'login', user, home)).status).toBe(200);
      expect((await signIn(api, 'session', user, home)).status).toBe(200);
      // Another account from the same addresses is not either.
      const colleague = await setup.userWith('approver');
      expect((await signIn(api, 'login', colleague, { remoteAddress: anAddress() })).status).toBe(200);
    });

    it('counts a wrong current password of a password change as a failed sign-in: a stolen session is no way to guess the password', async () => {
      const user = await setup.userWith('responder');
      const home = { remoteAddress: anAddress() };
      const own = (await signIn(api, 'login', user, home)).body.accessToken as string;
      const thief = anAddress();
      const change = (token: string, currentPassword: string, remoteAddress: string) =>
        api.request('POST', '/v1/auth/password', { token, body: { currentPassword, newPassword: 'a-brand-new-password-1' }, remoteAddress });

      const guesses = [];
      for (let i = 0; i < 3; i++) guesses.push(await change(user.token, `guess-number-${i}`, thief));
      expect(guesses.map((g) => [g.status, g.body.message])).toEqual(Array(3).fill([403, 'currentPassword is wrong']));
      // The account waits now, the right password too, from the thief's address and from any new one.
      expectRateLimited(await change(user.token, user.password, thief), 'to this account', 15);
      expectRateLimited(await signIn(api, 'login', user, { remoteAddress: anAddress() }), 'to this account', 15);
      // Its owner, where they signed in before, is not held back: they sign in and change the password.
      expect((await signIn(api, 'session', user, home)).status).toBe(200);
      expect((await change(own, user.password, home.remoteAddress)).status).toBe(204);
      // Which ends the stolen session.
      expect((await api.request('GET', '/v1/auth/me', { token: user.token })).status).toBe(401);
    });

    it('counts an email nobody has like any other, so the limit tells nothing about which accounts exist', async () => {
      const wrong = { email: nobody(), password: 'a-guess' };
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await signIn(api, 'login', wrong, { remoteAddress: anAddress() }));
      expect(statuses(answers)).toEqual([401, 401, 401, 429]);
      expectRateLimited(answers[3], 'to this account', 15);
    });

    it('gives a familiar address its own count, which its next sign-in clears', async () => {
      const user = await setup.userWith('responder');
      const home = { remoteAddress: anAddress() };
      expect((await signIn(api, 'login', user, home)).status).toBe(200);
      const wrong = { email: user.email, password: 'typo' };
      expect(statuses([await signIn(api, 'login', wrong, home), await signIn(api, 'login', wrong, home)])).toEqual([401, 401]);
      expect((await signIn(api, 'login', user, home)).status).toBe(200);
      // Cleared: three more typos before the wait, and the addresses elsewhere never counted them.
      const typos = [await signIn(api, 'login', wrong, home), await signIn(api, 'login', wrong, home), await signIn(api, 'login', wrong, home)];
      expect(statuses(typos)).toEqual([401, 401, 401]);
      expectRateLimited(await signIn(api, 'login', user, home), 'to this account', 15);
      expect((await signIn(api, 'login', user, { remoteAddress: anAddress() })).status).toBe(200);
    });
  });

  describe('behind a load balancer', () => {
    it('with TRUST_PROXY naming it, counts each client the balancer reports: bad sign-ins through it lock nobody else out', async () => {
      // app.inject's connections come from 127.0.0.1: the balancer.
      const api = await start({ LOGIN_RATE_LIMIT: '3', TRUST_PROXY: '127.0.0.1' });
      const responder = await setup.userWith('responder');
      const attackers = [aProxiedClient(), aProxiedClient(), aProxiedClient(), aProxiedClient()];
      const answers = [];
      for (const attacker of attackers) {
        for (let i = 0; i < 3; i++)
          answers.push(await signIn(api, i === 1 ? 'session' : 'login', { email: nobody(), password: 'x-guess' }, { forwardedFor: attacker }));
      }
      expect(new Set(statuses(answers))).toEqual(new Set([401]));
      // Each attacker is held back on its own address ...
      expectRateLimited(await signIn(api, 'login', { email: nobody(), password: 'x-guess' }, { forwardedFor: attackers[0] }), 'from this address', 60);
      // ... and a responder behind the same balancer signs in; its session records the address the balancer reported.
      const client = aProxiedClient();
      const signedIn = await signIn(api, 'login', responder, { forwardedFor: `${aProxiedClient()}, ${client}` });
      expect(signedIn.status).toBe(200);
      expect(await sessionAddress(signedIn.body.accessToken)).toBe(client);
    });

    it('without TRUST_PROXY, ignores X-Forwarded-For: a client cannot escape its count by sending one', async () => {
      const api = await start({ LOGIN_RATE_LIMIT: '3' });
      const peer = anAddress();
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push(await signIn(api, 'login', { email: nobody(), password: 'x-guess' }, { remoteAddress: peer, forwardedFor: aProxiedClient() }));
      expect(statuses(answers)).toEqual([401, 401, 401, 429]);

      const user = await setup.userWith('responder');
      const other = anAddress();
      const signedIn = await signIn(api, 'login', user, { remoteAddress: other, forwardedFor: aProxiedClient() });
      expect(await sessionAddress(signedIn.body.accessToken)).toBe(other);
    });

    it('ignores X-Forwarded-For from a peer TRUST_PROXY does not name', async () => {
      const api = await start({ LOGIN_RATE_LIMIT: '3', TRUST_PROXY: '192.0.2.10, 127.0.0.1' });
      const peer = anAddress();
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push(await signIn(api, 'login', { email: nobody(), password: 'x-guess' }, { remoteAddress: peer, forwardedFor: aProxiedClient() }));
      expect(statuses(answers)).toEqual([401, 401, 401, 429]);
    });
  });
});
