import { PrismaClient } from '@killswitch/db';
import { TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { seedVendor } from '../../../test/support/fleet';
import { foldRefusals } from '../../../test/support/refusals';
import { RefusalFolder } from './refusal-folder.service';
import { RefusalRecorder } from './refusal-recorder.service';

/** Runs `count` calls of `call`, `concurrency` at a time: a bounded flood on loopback. */
async function flood(count: number, concurrency: number, call: () => Promise<TestResponse>): Promise<TestResponse[]> {
  const responses: TestResponse[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < count) {
        started += 1;
        responses.push(await call());
      }
    }),
  );
  return responses;
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

describe(RefusalRecorder.name, () => {
  let api: TestApi;
  let prisma: PrismaClient;

  beforeAll(async () => {
    prisma = testPrisma();
  });
  afterEach(async () => {
    await api?.close();
  });
  afterAll(async () => {
    await prisma.$disconnect();
  });

  it('folds a flood of refused reads into one chained entry a principal and minute, whose counts add up, while every kill succeeds', async () => {
    api = await startTestApi({ REFUSAL_LIMIT: '100000' });
    const admin = await api.adminToken();
    const responder = await api.userWith('responder');
    const vendors = await Promise.all([1, 2, 3, 4].map((i) => seedVendor(api, `flood${i}`)));
    await foldRefusals(api);
    const head = (await prisma.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } }))?.seq ?? 0n;

    const startedAt = Date.now();
    const [refused, kills] = await Promise.all([
      flood(600, 20, () => api.request('GET', '/v1/users', { token: responder.token })),
      Promise.all(
        vendors.map((v) =>
          api.request('POST', '/v1/kill-switches', { token: admin, body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'flood drill' } }),
        ),
      ),
    ]);
    const endedAt = Date.now();

    expect(refused.map((r) => r.status)).toEqual(Array(600).fill(403));
    expect(kills.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(await foldRefusals(api)).toBeGreaterThan(0);
    const entries = await prisma.auditEntry.findMany({
      where: { seq: { gt: head }, action: 'access.refused', actorId: responder.id },
      orderBy: { seq: 'asc' },
    });
    expect(entries.reduce((sum, e) => sum + (e.count ?? 1), 0)).toBe(600);
    // One entry for each minute the flood touched: the log grows by the minute, not by the request.
    expect(entries.length).toBeLessThanOrEqual(minuteOf(endedAt) - minuteOf(startedAt) + 1);
    expect(entries[0]).toMatchObject({ outcome: 'refused', targetType: 'route', targetId: 'GET /v1/users', requestId: expect.any(String) });
    expect(await prisma.refusedAttempt.count({ where: { actorId: responder.id } })).toBe(0);

    const listed = await api.request('GET', `/v1/audit?actorId=${responder.id}&outcome=refused`, { token: admin });
    expect(listed.body.items.reduce((sum: number, e: { count: number }) => sum + e.count, 0)).toBe(600);
    const verified = await api.request('GET', '/v1/audit/verify', { token: admin });
    expect(verified.body).toMatchObject({ ok: true });
  }, 120_000);

  it('answers a credential refused more than REFUSAL_LIMIT times with 429 and Retry-After, counting none of those', async () => {
    api = await startTestApi({ REFUSAL_LIMIT: '3', REFUSAL_WINDOW_SEC: '600' });
    const responder = await api.userWith('responder');
    const statuses: number[] = [];
    let last: TestResponse | undefined;
    for (let i = 0; i < 6; i += 1) {
      last = await api.request('GET', '/v1/users', { token: responder.token });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([403, 403, 403, 429, 429, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(last?.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect(last?.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/too many refused attempts.*retry in \d+ s/) });
    // The 429s never reached the database.
    const counted = await prisma.refusedAttempt.aggregate({ where: { actorId: responder.id }, _sum: { count: true } });
    expect(counted._sum.count).toBe(3);
    // Another credential from the same address is not held back by this one.
    expect((await api.request('GET', '/v1/users', { token: await api.adminToken() })).status).toBe(200);
  });

  it('answers an address that keeps sending bad credentials with 429, whatever credential it tries next', async () => {
    api = await startTestApi({ REFUSAL_LIMIT: '3', REFUSAL_WINDOW_SEC: '600' });
    const from = (remoteAddress: string, token: string) =>
      api.app.inject({ method: 'GET', url: '/v1/users', remoteAddress, headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await from('192.0.2.7', `kss_not-a-token-${i}-0123456789`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await from('192.0.2.7', `kss_yet-another-one-0123456789`)).headers['retry-after']).toMatch(/^\d+$/);
    expect((await from('192.0.2.8', await api.adminToken())).statusCode).toBe(200);
    // Behind one proxy, a client already signed in is not locked out by another's bad credentials; a new one waits.
    expect((await from('192.0.2.7', await api.adminToken())).statusCode).toBe(200);
    const newcomer = await api.userWith('auditor');
    expect((await from('192.0.2.7', newcomer.token)).statusCode).toBe(429);
  });

  it('behind a proxy TRUST_PROXY names, counts each client it reports: one sending bad credentials does not hold back another', async () => {
    api = await startTestApi({ REFUSAL_LIMIT: '3', REFUSAL_WINDOW_SEC: '600', TRUST_PROXY: '192.0.2.100' });
    // Every request comes from the balancer, 192.0.2.100, on behalf of the client it names.
    const via = (client: string, token: string) =>
      api.app.inject({
        method: 'GET',
        url: '/v1/users',
        remoteAddress: '192.0.2.100',
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await via('198.18.1.1', `kss_not-a-token-${i}-0123456789`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // A credential that never authenticated on this instance, from another client behind the same balancer.
    const newcomer = await api.userWith('auditor');
    expect((await via('198.18.1.2', newcomer.token)).statusCode).toBe(200);
    expect((await via('198.18.1.1', newcomer.token)).statusCode).toBe(200); // vouched for now
  });

  it('folds only closed minutes by default, each once even with two folders at it, leaving the open minute counting', async () => {
    api = await startTestApi();
    const folder = api.app.get(RefusalFolder);
    const recorder = api.app.get(RefusalRecorder);
    await foldRefusals(api);
    const actor = { type: 'anonymous' as const, label: `login:closed-minute-${Date.now()}@killswitch.test` };
    await recorder.record({ actor, action: 'auth.login', reason: 'wrong password', requestId: 'req-open-minute' });
    const closed = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000);
    await prisma.refusedAttempt.create({
      data: {
        minute: closed,
        key: 'closed-minute',
        actorType: actor.type,
        actor: actor.label,
        action: 'auth.login',
        reason: 'wrong password',
        count: 7,
        firstRequestId: 'req-closed-minute',
        firstAt: closed,
        lastAt: closed,
      },
    });

    const [a, b] = await Promise.all([folder.fold(), folder.fold()]);
    expect(a + b).toBe(1);
    const entries = await prisma.auditEntry.findMany({ where: { actor: actor.label } });
    expect(entries).toEqual([expect.objectContaining({ count: 7, requestId: 'req-closed-minute', outcome: 'refused', action: 'auth.login' })]);
    expect(await prisma.refusedAttempt.findMany({ where: { actor: actor.label }, select: { count: true, firstRequestId: true } })).toEqual([
      { count: 1, firstRequestId: 'req-open-minute' },
    ]);
  });
});
