import { PrismaClient } from '@killswitch/db';
import { TEST_ADMIN, TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { foldRefusals, refusedAttempts } from '../../../test/support/refusals';

describe('identity (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  describe('login', () => {
    it('returns a bearer token that identifies the user', async () => {
      const response = await api.request('POST', '/v1/auth/login', { body: TEST_ADMIN });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.stringMatching(/^kss_/),
        expiresAt: expect.any(String),
        tokenType: 'Bearer',
        mustChangePassword: false,
      });
      const me = await api.request('GET', '/v1/auth/me', { token: response.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email: TEST_ADMIN.email, roles: ['admin'], via: 'session' });
    });

    it('refuses a wrong password and an unknown email alike, and audits the refusal', async () => {
      await foldRefusals(api);
      const before = await refusedAttempts(prisma, { action: 'auth.login' });
      const wrong = await api.request('POST', '/v1/auth/login', { body: { ...TEST_ADMIN, password: 'not-the-password' } });
      const unknown = await api.request('POST', '/v1/auth/login', { body: { email: 'nobody@killswitch.test', password: 'whatever-password' } });
      for (const response of [wrong, unknown]) {
        expect(response.status).toBe(401);
        expect(response.body).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'email or password is wrong',
          requestId: expect.any(String),
          code: 'unauthenticated',
        });
      }
      await foldRefusals(api);
      expect(await refusedAttempts(prisma, { action: 'auth.login' })).toBe(before + 2);
    });
    // Failed sign-in limits (per address, per account, behind a proxy): login-limits.int.spec.ts.
  });

  describe('bad input', () => {
    it('answers malformed JSON with 400, the request id in body and header', async () => {
      const response = await api.request('POST', '/v1/auth/login', { rawBody: '{"email": "a@b.c", ', headers: { 'x-request-id': 'trace-123' } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', requestId: 'trace-123' });
      expect(response.body.message).toMatch(/JSON/);
      expect(response.headers['x-request-id']).toBe('trace-123');
    });

    it('refuses unknown fields and wrong types, naming them, and writes nothing', async () => {
      const token = await api.adminToken();
      const users = await prisma.user.count();
      const audit = await prisma.auditEntry.count();
      const unknown = await api.request('POST', '/v1/users', {
        token,
        body: { email: 'x@killswitch.test', password: 'long-enough-password', roles: ['auditor'], isRoot: true },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('property isRoot should not exist');
      const wrongType = await api.request('POST', '/v1/users', { token, body: { email: 'x@killswitch.test', password: 123, roles: 'admin' } });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.message).toMatch(/password must be 12 to 256 characters/);
      expect(wrongType.body.message).toMatch(/roles must be a list/);
      const badRole = await api.request('POST', '/v1/users', {
        token,
        body: { email: 'x@killswitch.test', password: 'long-enough-password', roles: ['root'] },
      });
      expect(badRole.status).toBe(400);
      const notObject = await api.request('POST', '/v1/users', { token, body: ['x'] });
      expect(notObject.status).toBe(400);
      expect(notObject.body.message).toBe('the request body must be a JSON object');
      expect(await prisma.user.count()).toBe(users);
      expect(await prisma.auditEntry.count()).toBe(audit);
    });

    it('answers an oversized body with 413', async () => {
      const response = await api.request('POST', '/v1/auth/login', { body: { email: 'a@b.c', password: 'x'.repeat(api.config.BODY_LIMIT_BYTES) } });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', requestId: expect.any(String) });
    });

    it('answers an unknown route with the error shape', async () => {
      const response = await api.request('GET', '/v1/nothing-here');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
    });

    it('answers a non-UUID id with 400', async () => {
      const response = await api.request('GET', '/v1/users/not-a-uuid', { token: await api.adminToken() });
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('id must be a UUID');
    });
  });

  describe('credentials', () => {
    it('refuses a missing, malformed, expired or revoked session with 401', async () => {
      expect((await api.request('GET', '/v1/auth/me')).status).toBe(401);
      expect((await api.request('GET', '/v1/auth/me', { token: 'kss_not-a-real-token' })).status).toBe(401);
      const user = await api.userWith('auditor');
      const session = await prisma.session.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: 'desc' } });
      await prisma.session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const expired = await api.request('GET', '/v1/auth/me', { token: user.token });
      expect(expired.status).toBe(401);
      expect(expired.body.message).toBe('the credential is invalid, expired or revoked');
      const fresh = await api.login(user.email, user.password);
      expect((await api.request('POST', '/v1/auth/logout', { token: fresh })).status).toBe(204);
      expect((await api.request('GET', '/v1/auth/me', { token: fresh })).status).toBe(401);
    });

    it('enforces roles on every route: 403 for the wrong role, audited', async () => {
      const responder = await api.userWith('responder');
      const auditor = await api.userWith('auditor');
      await foldRefusals(api);
      const before = await refusedAttempts(prisma, { action: 'access.refused' });
      const create = await api.request('POST', '/v1/users', {
        token: responder.token,
        body: { email: 'y@killswitch.test', password: 'long-enough-password', roles: ['admin'] },
      });
      expect(create.status).toBe(403);
      expect(create.body.message).toBe('this needs one of the roles admin');
      expect((await api.request('GET', '/v1/users', { token: auditor.token })).status).toBe(200);
      expect(
        (
          await api.request('POST', '/v1/users', {
            token: auditor.token,
            body: { email: 'z@killswitch.test', password: 'long-enough-password', roles: ['auditor'] },
          })
        ).status,
      ).toBe(403);
      await foldRefusals(api);
      expect(await refusedAttempts(prisma, { action: 'access.refused' })).toBe(before + 2);
    });

    it('refuses a device credential on an admin route with 403 and audits it', async () => {
      const enrolled = await api.request('POST', '/v1/devices', { token: await api.adminToken(), body: { model: 'hub', firmware: '1.0.0' } });
      expect(enrolled.status).toBe(201);
      const response = await api.request('GET', '/v1/devices', { token: enrolled.body.credential });
      expect(response.status).toBe(403);
      expect(response.body.message).toBe('a device credential cannot call admin routes');
      await foldRefusals(api);
      const entry = await prisma.auditEntry.findFirst({ where: { action: 'access.refused', actorId: enrolled.body.id } });
      expect(entry).toMatchObject({ actorType: 'device', outcome: 'refused', targetId: 'GET /v1/devices' });
    });
  });

  describe('users', () => {
    it('creates users without ever returning the password hash', async () => {
      const token = await api.adminToken();
      const response = await api.request('POST', '/v1/users', {
        token,
        body: { email: 'New.Person@Killswitch.test', password: 'long-enough-password', roles: ['responder', 'approver'] },
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        email: 'new.person@killswitch.test',
        issuer: null,
        name: null,
        roles: ['responder', 'approver'],
        disabled: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const duplicate = await api.request('POST', '/v1/users', {
        token,
        body: { email: 'new.person@killswitch.test', password: 'long-enough-password', roles: ['auditor'] },
      });
      expect(duplicate.status).toBe(409);
      const list = await api.request('GET', '/v1/users?limit=1', { token });
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.nextCursor).toEqual(expect.any(String));
      expect(JSON.stringify(list.body)).not.toContain('passwordHash');
      const next = await api.request('GET', `/v1/users?limit=1&cursor=${list.body.nextCursor}`, { token });
      expect(next.body.items[0].id).not.toBe(list.body.items[0].id);
    });

    it('disabling a user ends their sessions at once', async () => {
      const user = await api.userWith('responder');
      const patch = await api.request('PATCH', `/v1/users/${user.id}`, { token: await api.adminToken(), body: { disabled: true } });
      expect(patch.status).toBe(200);
      expect(patch.body.disabled).toBe(true);
      expect((await api.request('GET', '/v1/auth/me', { token: user.token })).status).toBe(401);
      expect((await api.request('POST', '/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
    });

    it('changing a password needs the current one and ends the other sessions', async () => {
      const user = await api.userWith('approver');
      const other = await api.login(user.email, user.password);
      const wrong = await api.request('POST', '/v1/auth/password', {
        token: user.token,
        body: { currentPassword: 'nope', newPassword: 'a-brand-new-password' },
      });
      expect(wrong.status).toBe(403);
      const ok = await api.request('POST', '/v1/auth/password', {
        token: user.token,
        body: { currentPassword: user.password, newPassword: 'a-brand-new-password' },
      });
      expect(ok.status).toBe(204);
      expect((await api.request('GET', '/v1/auth/me', { token: user.token })).status).toBe(200);
      expect((await api.request('GET', '/v1/auth/me', { token: other })).status).toBe(401);
      await expect(api.login(user.email, 'a-brand-new-password')).resolves.toMatch(/^kss_/);
    });
  });

  describe('API tokens', () => {
    it('are shown once, act as their creator within its roles, and stop working when revoked', async () => {
      const responder = await api.userWith('responder', 'auditor');
      const created = await api.request('POST', '/v1/api-tokens', { token: responder.token, body: { name: 'ci-bot', roles: ['auditor'] } });
      expect(created.status).toBe(201);
      expect(created.body.token).toMatch(/^ksa_/);
      const stored = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.body.id } });
      expect(stored.tokenHash).not.toContain(created.body.token);
      const list = await api.request('GET', '/v1/api-tokens', { token: responder.token });
      expect(JSON.stringify(list.body)).not.toContain(created.body.token);

      const me = await api.request('GET', '/v1/auth/me', { token: created.body.token });
      expect(me.body).toMatchObject({ id: responder.id, roles: ['auditor'], via: 'api-token' });
      // auditor-only token cannot enroll a device although its creator could
      expect((await api.request('POST', '/v1/devices', { token: created.body.token, body: { model: 'hub', firmware: '1.0' } })).status).toBe(403);

      const revoke = await api.request('DELETE', `/v1/api-tokens/${created.body.id}`, { token: responder.token });
      expect(revoke.status).toBe(204);
      expect((await api.request('GET', '/v1/auth/me', { token: created.body.token })).status).toBe(401);
      expect((await api.request('DELETE', `/v1/api-tokens/${created.body.id}`, { token: responder.token })).status).toBe(409);
    });

    it('cannot be wider than the creator, cannot mint tokens, and expire', async () => {
      const responder = await api.userWith('responder');
      const wider = await api.request('POST', '/v1/api-tokens', { token: responder.token, body: { name: 'x', roles: ['admin'] } });
      expect(wider.status).toBe(403);
      expect(wider.body.message).toBe('a token cannot hold roles you do not have: admin');
      const created = await api.request('POST', '/v1/api-tokens', { token: responder.token, body: { name: 'bot', roles: ['responder'], expiresInDays: 1 } });
      const minted = await api.request('POST', '/v1/api-tokens', { token: created.body.token, body: { name: 'bot2', roles: ['responder'] } });
      expect(minted.status).toBe(403);
      await prisma.apiToken.update({ where: { id: created.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await api.request('GET', '/v1/auth/me', { token: created.body.token })).status).toBe(401);
    });

    it('lose a role when their creator loses it', async () => {
      const person = await api.userWith('responder');
      const created = await api.request('POST', '/v1/api-tokens', { token: person.token, body: { name: 'bot', roles: ['responder'] } });
      await api.request('PATCH', `/v1/users/${person.id}`, { token: await api.adminToken(), body: { roles: ['auditor'] } });
      const me = await api.request('GET', '/v1/auth/me', { token: created.body.token });
      expect(me.status).toBe(403);
      expect((await api.request('GET', '/v1/devices', { token: created.body.token })).status).toBe(403);
    });
  });
});
