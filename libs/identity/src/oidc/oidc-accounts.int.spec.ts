// Single sign-on accounts against a real OpenID Connect provider (oidc-provider on a loopback port), the real API
// in-process and PostgreSQL, without a browser (test/support/oidc-provider.ts follows the provider's redirects and
// login form): what a sign-in does to the account when the provider's groups or email claims change.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@killswitch/db';
import { CredentialResolver, StreamCredentials, UserPrincipal } from '@killswitch/identity';
import { TEST_ADMIN, TestApi } from '../../../../test/support/api-harness';
import { TestAccount, TestOidcProvider, signInWithoutBrowser } from '../../../../test/support/oidc-provider';
import { seedVendor } from '../../../../test/support/fleet';
import { SsoHarness, startSsoHarness } from '../../../../test/support/sso-harness';
import { upsertAccount } from './oidc-accounts';

const ROLE_MAP = { 'ks-admins': ['admin'], 'ks-oncall': ['responder', 'approver'], 'ks-approvers': ['approver'], 'ks-audit': ['auditor'] };

describe(upsertAccount.name, () => {
  let harness: SsoHarness;
  let provider: TestOidcProvider;
  let api: TestApi;
  let prisma: PrismaClient;
  const run = randomUUID().slice(0, 8);
  const accounts: Record<string, TestAccount> = {};

  /** Sets one account at the provider (the others stay) and signs it in; the session token on success. */
  async function signIn(login: string, account: TestAccount) {
    accounts[login] = account;
    provider.setAccounts(accounts);
    return signInWithoutBrowser(api, login);
  }

  async function signedIn(login: string, account: TestAccount): Promise<string> {
    const { response, session } = await signIn(login, account);
    if (response.status !== 302 || !session) throw new Error(`${login} was not signed in: ${response.status} ${response.text}`);
    return session;
  }

  async function mint(session: string, roles: string[]): Promise<string> {
    const minted = await api.request('POST', '/v1/api-tokens', { token: session, body: { name: `t-${randomUUID().slice(0, 8)}`, roles } });
    if (minted.status !== 201) throw new Error(`minting failed: ${minted.status} ${minted.text}`);
    return minted.body.token as string;
  }

  const accountOf = (login: string) => prisma.user.findUniqueOrThrow({ where: { issuer_subject: { issuer: provider.issuer, subject: login } } });

  beforeAll(async () => {
    harness = await startSsoHarness(ROLE_MAP);
    ({ provider, api, prisma } = harness);
  }, 60_000);

  afterAll(() => harness?.close());

  describe('groups that map to no role any more', () => {
    it('refuse the sign-in, and take away the roles, sessions and API tokens the person held, with an audit entry by the provider', async () => {
      const login = `dee-${run}`;
      const email = `${login}@example.test`;
      const session = await signedIn(login, { email, groups: ['ks-oncall'] });
      const token = await mint(session, ['responder']);
      expect((await api.request('GET', '/v1/auth/me', { token })).body).toMatchObject({ roles: ['responder'], via: 'api-token' });
      // Their open progress streams, as the API watches them.
      const streams = api.app.get(StreamCredentials);
      const resolver = api.app.get(CredentialResolver);
      const ended: string[] = [];
      streams.watch((await resolver.resolve(session)) as UserPrincipal, () => ended.push('session stream'));
      streams.watch((await resolver.resolve(token)) as UserPrincipal, () => ended.push('token stream'));
      await streams.check();
      expect(ended).toEqual([]);

      const { response } = await signIn(login, { email, groups: ['marketing'] });

      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({
        code: 'sso_refused',
        message: expect.stringMatching(/none of this account's groups maps to a Killswitch role.*its roles were removed and its sessions and API tokens ended/),
      });
      const account = await accountOf(login);
      expect(account.roles).toEqual([]);
      expect((await api.request('GET', '/v1/auth/me', { token })).status).toBe(401);
      expect((await api.request('GET', '/v1/auth/me', { token: session })).status).toBe(401);
      await streams.check();
      expect(ended.sort()).toEqual(['session stream', 'token stream']);
      const entry = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'user.update', targetId: account.id }, orderBy: { seq: 'desc' } });
      expect(entry).toMatchObject({
        actorType: 'system',
        actor: `oidc:${provider.issuer}`,
        before: { email, roles: ['responder', 'approver'] },
        after: { email, roles: [], endedSessions: 1, revokedApiTokens: 1 },
        reason: expect.stringMatching(/none of this account's groups maps to a Killswitch role any more/),
      });

      // Refused again: nothing more to take away, nothing more written.
      expect((await signIn(login, { email, groups: [] })).response.status).toBe(401);
      expect(await prisma.auditEntry.count({ where: { action: 'user.update', targetId: account.id } })).toBe(1);

      // The groups come back: the person signs in with their roles again; what was revoked stays revoked.
      const again = await signedIn(login, { email, groups: ['ks-audit'] });
      expect((await api.request('GET', '/v1/auth/me', { token: again })).body).toMatchObject({ roles: ['auditor'] });
      expect((await api.request('GET', '/v1/auth/me', { token })).status).toBe(401);
    });

    it('are not taken away when the provider sends no groups claim at all: the sign-in is refused and the account kept', async () => {
      const login = `eve-${run}`;
      const email = `${login}@example.test`;
      const session = await signedIn(login, { email, groups: ['ks-oncall'] });
      const token = await mint(session, ['responder']);
      const account = await prisma.user.findFirstOrThrow({ where: { subject: login } });
      const updates = await prisma.auditEntry.count({ where: { action: 'user.update', targetId: account.id } });

      const { response } = await signIn(login, { email, groups: undefined } as unknown as TestAccount);

      expect(response.status).toBe(401);
      expect(response.body.message).toMatch(/holds no roles claim \(OIDC_ROLES_CLAIM\): the account is left as it was/);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: account.id } })).roles).toEqual(account.roles);
      expect((await api.request('GET', '/v1/auth/me', { token })).body).toMatchObject({ roles: ['responder'], via: 'api-token' });
      expect((await api.request('GET', '/v1/auth/me', { token: session })).status).toBe(200);
      expect(await prisma.auditEntry.count({ where: { action: 'user.update', targetId: account.id } })).toBe(updates);
    });

    it('refuse a person who never signed in here without making an account', async () => {
      const login = `never-${run}`;
      const { response } = await signIn(login, { email: `${login}@example.test`, groups: ['marketing'] });
      expect(response.status).toBe(401);
      expect(response.body.message).toMatch(/none of this account's groups maps to a Killswitch role \(OIDC_ROLE_MAP\)$/);
      expect(await prisma.user.count({ where: { issuer: provider.issuer, subject: login } })).toBe(0);
    });
  });

  it('roles that shrink at the provider shrink at that sign-in for the person, their sessions and their API tokens', async () => {
    const login = `eve-${run}`;
    const email = `${login}@example.test`;
    const first = await signedIn(login, { email, groups: ['ks-admins', 'ks-oncall'] });
    const oncallToken = await mint(first, ['responder', 'approver']);
    const adminToken = await mint(first, ['admin']);
    const signalsToken = await mint(first, ['signals']);

    await signedIn(login, { email, groups: ['ks-approvers'] });

    expect((await accountOf(login)).roles).toEqual(['approver']);
    expect((await api.request('GET', '/v1/auth/me', { token: first })).body).toMatchObject({ roles: ['approver'] });
    expect((await api.request('GET', '/v1/auth/me', { token: oncallToken })).body).toMatchObject({ roles: ['approver'] });
    // A token none of whose roles the person keeps acts with none: refused everywhere.
    expect((await api.request('GET', '/v1/auth/me', { token: adminToken })).status).toBe(403);
    expect((await api.request('GET', '/v1/users', { token: adminToken })).status).toBe(403);
    const proposed = await api.request('POST', '/v1/signals', {
      token: signalsToken,
      body: { source: 'test', fingerprint: randomUUID(), summary: 'probe', scope: { vendor: 'nobody' } },
    });
    expect(proposed.status).toBe(403);
    const kill = await api.request('POST', '/v1/kill-switches', { token: oncallToken, body: { scope: { vendor: 'nobody' }, reason: 'no longer a responder' } });
    expect(kill.status).toBe(403);
  });

  describe('the email claim', () => {
    it('is not the label of an account whose provider does not vouch for it: such an account reads oidc:<issuer>#<subject>', async () => {
      const login = `mallory-${run}`;
      // A claim that the provider says is unverified, spelled like the local admin's email.
      const session = await signedIn(login, { email: TEST_ADMIN.email.toUpperCase(), groups: ['ks-oncall'], emailVerified: false });
      const label = `oidc:${provider.issuer}#${login}`;
      expect((await api.request('GET', '/v1/auth/me', { token: session })).body).toMatchObject({ email: label });
      await mint(session, ['responder']);

      const account = await accountOf(login);
      const view = await api.request('GET', `/v1/users/${account.id}`, { token: await api.adminToken() });
      expect(view.body).toMatchObject({ email: label, issuer: provider.issuer });
      expect(await prisma.user.count({ where: { email: TEST_ADMIN.email } })).toBe(1);
      const minted = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'api-token.create', actorId: account.id }, orderBy: { seq: 'desc' } });
      expect(minted.actor).toBe(`${label} (sso)`);

      // Without email_verified at all, the same (OIDC_EMAIL_WITHOUT_VERIFIED=ignore, the default).
      const silent = `silent-${run}`;
      await signedIn(silent, { email: `${silent}@example.test`, groups: ['ks-audit'], emailVerified: null });
      expect((await accountOf(silent)).email).toBe(`oidc:${provider.issuer}#${silent}`);
    });

    it('verified, is the label, as before, and the account is told apart from a local account of the same email', async () => {
      const login = `ann-${run}`;
      const email = `${login}@example.test`;
      const local = await api.request('POST', '/v1/users', {
        token: await api.adminToken(),
        body: { email, password: `pw-${randomUUID()}`, roles: ['auditor'] },
      });
      expect(local.status).toBe(201);
      expect(local.body.issuer).toBeNull();

      const session = await signedIn(login, { email: `Ann-${run}@Example.test`, groups: ['ks-audit'] });

      const account = await accountOf(login);
      expect(account.id).not.toBe(local.body.id);
      expect((await api.request('GET', '/v1/auth/me', { token: session })).body).toMatchObject({ id: account.id, email });
      const users = await api.request('GET', `/v1/users/${account.id}`, { token: await api.adminToken() });
      expect(users.body).toMatchObject({ email, issuer: provider.issuer });
      const people = await api.request('GET', `/v1/people?ids=${account.id},${local.body.id}`, { token: session });
      expect(people.body.items).toEqual([
        { id: account.id, name: null, email, issuer: provider.issuer },
        { id: local.body.id, name: null, email, issuer: null },
      ]);
      const signInEntry = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'auth.login', actorId: account.id }, orderBy: { seq: 'desc' } });
      expect(signInEntry.actor).toBe(`${email} (sso)`);
    });

    it('claimed unverified by one person does not lock out the colleague whose verified email it is', async () => {
      const email = `carol-${run}@example.test`;
      const squatter = `squatter-${run}`;
      const carol = `carol-${run}`;
      await signedIn(squatter, { email, groups: ['ks-oncall'], emailVerified: false });

      const session = await signedIn(carol, { email, groups: ['ks-oncall'] });

      expect((await api.request('GET', '/v1/auth/me', { token: session })).body).toMatchObject({ email });
      expect((await accountOf(squatter)).email).toBe(`oidc:${provider.issuer}#${squatter}`);
    });

    it('still held by another account of the provider (taken before claims were checked) leaves the newcomer labelled by subject until it is let go', async () => {
      const email = `dave-${run}@example.test`;
      const squatter = `old-squatter-${run}`;
      const dave = `dave-${run}`;
      await signedIn(squatter, { email, groups: ['ks-oncall'], emailVerified: false });
      // As an account made before email_verified was read would hold it.
      await prisma.user.update({ where: { id: (await accountOf(squatter)).id }, data: { email } });

      const first = await signedIn(dave, { email, groups: ['ks-audit'] });
      expect((await api.request('GET', '/v1/auth/me', { token: first })).body).toMatchObject({ email: `oidc:${provider.issuer}#${dave}` });

      await signedIn(squatter, { email, groups: ['ks-oncall'], emailVerified: false });
      expect((await accountOf(squatter)).email).toBe(`oidc:${provider.issuer}#${squatter}`);
      await signedIn(dave, { email, groups: ['ks-audit'] });
      expect((await accountOf(dave)).email).toBe(email);
    });
  });

  describe('four eyes', () => {
    it('takes a local account and the single sign-on account of the same verified email for one person: neither decides the other’s lift', async () => {
      const email = `erin-${run}@example.test`;
      const password = `pw-${randomUUID()}`;
      const admin = await api.adminToken();
      expect((await api.request('POST', '/v1/users', { token: admin, body: { email, password, roles: ['responder', 'approver'] } })).status).toBe(201);
      const local = await api.login(email, password);
      const sso = await signedIn(`erin-${run}`, { email: email.toUpperCase(), groups: ['ks-oncall'] });
      // An unverified claim of the same email is nobody's email: that account is another person.
      const unverified = await signedIn(`erin-lookalike-${run}`, { email, groups: ['ks-oncall'], emailVerified: false });
      const v = await seedVendor(api);
      const liftRequestedBy = async (token: string) => {
        const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'leak' } });
        expect(kill.status).toBe(201);
        const lift = await api.request('POST', `/v1/kill-switches/${kill.body.id}/lift-requests`, { token, body: { reason: 'fixed' } });
        expect(lift.status).toBe(201);
        return lift.body.id as string;
      };
      const approve = (token: string, id: string) => api.request('POST', `/v1/lift-requests/${id}/approve`, { token, body: { reason: 'ok' } });
      const sameEmail = {
        status: 403,
        code: 'same_email_as_requester',
        message:
          "your account has the same email as the requester of this lift: both are one person's accounts (a local one and a single sign-on one), so you cannot approve it: ask someone else (four eyes)",
      };

      const byLocal = await liftRequestedBy(local);
      const refused = await approve(sso, byLocal);
      expect({ status: refused.status, code: refused.body.code, message: refused.body.message }).toEqual(sameEmail);
      const view = await api.request('GET', `/v1/lift-requests/${byLocal}`, { token: sso });
      expect(view.body).toMatchObject({ youMayDecide: false, whyNot: { code: 'same_email_as_requester' } });
      expect((await approve(unverified, byLocal)).status).toBe(200);

      const bySso = await liftRequestedBy(sso);
      expect((await approve(local, bySso)).body.code).toBe('same_email_as_requester');
    });

    it('counts what either account of a person appointed for both: nobody they made decides for them, nor they for them, nor the other account on a policy', async () => {
      const email = `frank-${run}@example.test`;
      const password = `pw-${randomUUID()}`;
      const admin = await api.adminToken();
      expect((await api.request('POST', '/v1/users', { token: admin, body: { email, password, roles: ['admin'] } })).status).toBe(201);
      const local = await api.login(email, password);
      const sso = await signedIn(`frank-${run}`, { email, groups: ['ks-admins', 'ks-oncall'] });
      /** An account the local admin makes (they chose its password), signed in. */
      const madeByLocal = async (roles: string[]) => {
        const made = { email: `made-${randomUUID().slice(0, 8)}@example.test`, password: `pw-${randomUUID()}` };
        expect((await api.request('POST', '/v1/users', { token: local, body: { ...made, roles } })).status).toBe(201);
        return api.login(made.email, made.password);
      };
      const puppetApprover = await madeByLocal(['approver']);
      const puppetResponder = await madeByLocal(['responder']);
      const v = await seedVendor(api);
      const liftRequestedBy = async (token: string) => {
        const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'leak' } });
        const lift = await api.request('POST', `/v1/kill-switches/${kill.body.id}/lift-requests`, { token, body: { reason: 'fixed' } });
        expect(lift.status).toBe(201);
        return lift.body.id as string;
      };
      const approve = (token: string, id: string) => api.request('POST', `/v1/lift-requests/${id}/approve`, { token, body: { reason: 'ok' } });

      // The SSO account asks; the approver the local account made may not approve.
      expect((await approve(puppetApprover, await liftRequestedBy(sso))).body.code).toBe('approver_granted_by_requester');
      // The local account's puppet asks; the SSO account may not approve.
      expect((await approve(sso, await liftRequestedBy(puppetResponder))).body.code).toBe('requester_appointed_by_approver');
      // A policy the local admin wrote is not approved by their SSO account.
      const policy = await api.request('POST', '/v1/auto-kill-policies', {
        token: local,
        body: { name: `frank ${run}`, match: { alertname: 'CameraFeedLeak', vendor: v.vendor }, integration: v.camera, maxAffectedDevices: 10 },
      });
      expect(policy.status).toBe(201);
      const refused = await api.request('POST', `/v1/auto-kill-policies/${policy.body.id}/approve`, { token: sso });
      expect([refused.status, refused.body.code]).toEqual([403, 'same_email_as_requester']);
    });
  });

  describe('sign-ins past their expiry', () => {
    let fresh: TestApi;

    beforeAll(async () => {
      // An instance of its own: each deletes them at its first sign-in, then at most once a minute.
      fresh = await harness.anotherApi();
    });
    afterAll(async () => {
      await fresh?.close();
    });

    it('are deleted, completed or not, when a sign-in starts; those still running are kept', async () => {
      const now = Date.now();
      const row = (minutes: number, consumed: boolean) => ({
        stateHash: `purge-test-${randomUUID()}`,
        nonce: 'n',
        codeVerifier: 'v',
        expiresAt: new Date(now + minutes * 60_000),
        consumedAt: consumed ? new Date(now) : null,
      });
      const rows = [row(-60, false), row(-1, true), row(5, false), row(5, true)];
      await prisma.oidcLogin.createMany({ data: rows });

      expect((await fresh.request('GET', '/v1/auth/oidc/login')).status).toBe(302);

      const left = await prisma.oidcLogin.findMany({ where: { stateHash: { in: rows.map((r) => r.stateHash) } }, select: { stateHash: true } });
      expect(left.map((r) => r.stateHash).sort()).toEqual([rows[2].stateHash, rows[3].stateHash].sort());
    });
  });
});
