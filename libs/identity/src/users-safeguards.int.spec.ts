import { PrismaClient } from '@killswitch/db';
import { TEST_ADMIN, TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { UsersService } from './users.service';

/**
 * Disabling and demoting users. Counting admins needs a database where this
 * suite's admins are the only ones, so it gets a database of its own.
 */
describe(UsersService.name, () => {
  let a: TestApi;
  let b: TestApi;
  let prisma: PrismaClient;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const runDatabase = process.env.DATABASE_URL;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    process.env.DATABASE_URL = scratch.url;
    prisma = testPrisma();
    // Two API instances on one database, as behind a load balancer.
    a = await startTestApi({ DATABASE_URL: scratch.url });
    b = await startTestApi({ DATABASE_URL: scratch.url });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await prisma?.$disconnect();
    process.env.DATABASE_URL = runDatabase;
    await scratch.drop();
  });

  const me = (api: TestApi, token: string) => api.request('GET', '/v1/auth/me', { token });

  describe('the last active admin', () => {
    it('cannot be disabled or demoted (409 naming what to do), and nothing changes', async () => {
      const admin = await a.adminToken();
      const self = await prisma.user.findUniqueOrThrow({ where: { issuer_email: { issuer: '', email: TEST_ADMIN.email } } });
      const disable = await a.request('PATCH', `/v1/users/${self.id}`, { token: admin, body: { disabled: true } });
      expect(disable.status).toBe(409);
      expect(disable.body.message).toBe(`${TEST_ADMIN.email} is the last active admin: make another user admin first`);
      const demote = await a.request('PATCH', `/v1/users/${self.id}`, { token: admin, body: { roles: ['responder'] } });
      expect(demote.status).toBe(409);
      expect(await prisma.user.findUniqueOrThrow({ where: { id: self.id } })).toMatchObject({ disabled: false, roles: ['admin'] });
      expect((await me(a, admin)).status).toBe(200);
    });

    it('holds when two admins disable each other at the same moment: one of them stays', async () => {
      for (let round = 0; round < 5; round++) {
        const other = await a.userWith('admin');
        const self = await prisma.user.findUniqueOrThrow({ where: { issuer_email: { issuer: '', email: TEST_ADMIN.email } } });
        const admin = await a.adminToken();
        const [first, second] = await Promise.all([
          a.request('PATCH', `/v1/users/${other.id}`, { token: admin, body: { disabled: true } }),
          b.request('PATCH', `/v1/users/${self.id}`, { token: other.token, body: { disabled: true } }),
        ]);
        // The loser is refused: 409, or 401 when its own account was disabled first.
        expect([first.status, second.status].filter((status) => status === 200)).toHaveLength(1);
        expect([first.status, second.status].every((status) => [200, 401, 409].includes(status))).toBe(true);
        expect(await prisma.user.count({ where: { disabled: false, roles: { has: 'admin' } } })).toBe(1);
        // Back to the bootstrap admin alone, enabled, for the next round.
        if (second.status === 200) {
          await prisma.user.update({ where: { id: self.id }, data: { disabled: false } });
          await prisma.session.updateMany({ where: { userId: self.id }, data: { revokedAt: null } });
        }
        await prisma.user.update({ where: { id: other.id }, data: { disabled: true } });
      }
    });
  });

  describe('disabling a user', () => {
    it('ends their sessions and revokes their API tokens at once on every API instance, for good', async () => {
      const user = await a.userWith('responder');
      const session = await b.login(user.email, user.password);
      const minted = await b.request('POST', '/v1/api-tokens', { token: session, body: { name: 'ci', roles: ['responder'] } });
      expect(minted.status).toBe(201);
      for (const api of [a, b]) {
        for (const token of [user.token, session, minted.body.token]) expect((await me(api, token)).status).toBe(200);
      }

      const disabled = await a.request('PATCH', `/v1/users/${user.id}`, { token: await a.adminToken(), body: { disabled: true } });
      expect(disabled.status).toBe(200);
      for (const api of [a, b]) {
        for (const token of [user.token, session, minted.body.token]) expect((await me(api, token)).status).toBe(401);
      }
      const token = await prisma.apiToken.findUniqueOrThrow({ where: { id: minted.body.id } });
      expect(token.revokedAt).toBeInstanceOf(Date);
      const entry = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'user.update', targetId: user.id }, orderBy: { seq: 'desc' } });
      expect(entry.after).toMatchObject({ disabled: true, revokedApiTokens: 1, endedSessions: 2 });

      // Enabling the account again gives back neither: the person signs in anew and mints new tokens.
      expect((await a.request('PATCH', `/v1/users/${user.id}`, { token: await a.adminToken(), body: { disabled: false } })).status).toBe(200);
      for (const api of [a, b]) {
        for (const stale of [user.token, session, minted.body.token]) expect((await me(api, stale)).status).toBe(401);
      }
      expect((await me(b, await b.login(user.email, user.password))).status).toBe(200);
    });
  });
});
