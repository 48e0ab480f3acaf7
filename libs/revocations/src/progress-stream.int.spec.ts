import { connect } from 'node:net';
import { Client } from 'pg';
import { STREAM_CREDENTIAL_CHECK_MS, StreamCredentials } from '@killswitch/identity';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { eventually } from '../../../test/support/eventually';
import { seedVendor } from '../../../test/support/fleet';
import { ProgressHub } from './progress-hub';
import { PROGRESS_TICK_MS } from './progress-reads';
import { ProgressService } from './progress.service';
import { StreamQuota } from './stream-quota';

interface Stream {
  status: number;
  retryAfter: string | null;
  close(): void;
  /** Resolves true once the server has ended the stream (the next read is the end), false if it is still open after `ms`. */
  endedWithin(ms: number): Promise<boolean>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(ProgressHub.name, () => {
  let api: TestApi;
  let base: string;
  let revocationId: string;
  const open: Stream[] = [];

  /** Opens a progress stream over a real socket and, when it is accepted, waits for its first event. */
  async function stream(token: string): Promise<Stream> {
    const controller = new AbortController();
    const response = await fetch(`${base}/v1/revocations/${revocationId}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = response.status === 200 ? response.body!.getReader() : undefined;
    const endedWithin = async (ms: number) => {
      const deadline = sleep(ms).then(() => 'open' as const);
      for (;;) {
        const next = await Promise.race([reader!.read(), deadline]);
        if (next === 'open') return false;
        if (next.done) return true;
      }
    };
    const result = { status: response.status, retryAfter: response.headers.get('retry-after'), close: () => controller.abort(), endedWithin };
    if (reader) {
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      open.push(result);
    } else {
      await response.text();
    }
    return result;
  }

  beforeAll(async () => {
    api = await startTestApi({ STREAMS_PER_PRINCIPAL: '10' });
    const { vendor, camera } = await seedVendor(api, 'progress-stream');
    // No worker runs here: the revocation is never fanned out, so its streams stay open until closed.
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor, integration: camera }, reason: 'stream test' },
    });
    expect(kill.status).toBe(201);
    revocationId = kill.body.revocationId as string;
    base = await api.listen();
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => {
    await api.close();
  });

  it('reads a revocation once a tick however many people watch it, and stops when the last one leaves', async () => {
    const viewers = await Promise.all(Array.from({ length: 4 }, () => api.userWith('auditor')));
    for (const viewer of viewers) for (let i = 0; i < 5; i += 1) expect((await stream(viewer.token)).status).toBe(200);
    const progress = api.app.get(ProgressService);
    const hub = api.app.get(ProgressHub);
    expect(hub.watched).toBe(1);

    const readsBefore = progress.reads;
    const startedAt = Date.now();
    await sleep(6 * PROGRESS_TICK_MS);
    // At least one read; a read slowed by a loaded host puts the next one off (nextReadAfter), up to MAX_READ_GAP_MS.
    await eventually(() => progress.reads > readsBefore);
    const reads = progress.reads - readsBefore;
    const ticks = Math.ceil((Date.now() - startedAt) / PROGRESS_TICK_MS);
    // 20 viewers: one read a tick at most for all of them (one more for a tick in flight), not 20.
    expect(reads).toBeLessThanOrEqual(ticks + 1);

    for (const s of open.splice(0)) s.close();
    await eventually(() => hub.watched === 0);
    const readsAfterLeaving = progress.reads;
    await sleep(3 * PROGRESS_TICK_MS);
    expect(progress.reads).toBe(readsAfterLeaving);
  });

  it('refuses a principal more than STREAMS_PER_PRINCIPAL streams at once with 429 and Retry-After, and takes one again once one closes', async () => {
    const watcher = await api.userWith('auditor');
    for (let i = 0; i < 10; i += 1) expect((await stream(watcher.token)).status).toBe(200);
    const refused = await stream(watcher.token);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    // Someone else is not affected.
    expect((await stream((await api.userWith('auditor')).token)).status).toBe(200);

    open[0].close();
    await eventually(async () => (await stream(watcher.token)).status === 200);
  });

  it('gives a slot back when the client goes while its stream opens, so closed tabs never use up the limit', async () => {
    const watcher = await api.userWith('auditor');
    const quota = api.app.get(StreamQuota);
    const hub = api.app.get(ProgressHub);
    await eventually(() => quota.held === 0 && hub.watched === 0);
    // The stream's first read of the revocation waits behind this lock, so each client below goes while its stream opens.
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE deliveries IN ACCESS EXCLUSIVE MODE');
      const { hostname, port } = new URL(base);
      for (let i = 1; i <= 10; i += 1) {
        const socket = connect(Number(port), hostname);
        socket.on('error', () => {});
        socket.write(`GET /v1/revocations/${revocationId}/events HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${watcher.token}\r\n\r\n`);
        await eventually(() => quota.held === i); // its slot is taken: it is waiting for the read
        socket.destroy();
      }
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    await eventually(() => quota.held === 0 && hub.watched === 0);
    // Every one of the ten slots is free: ten streams open at once, as the limit allows.
    for (let i = 0; i < 10; i += 1) expect((await stream(watcher.token)).status).toBe(200);
  });

  it('ends a person’s stream once its session is logged out, its user disabled or its API token revoked, and no other', async () => {
    const admin = await api.adminToken();
    const [loggedOut, disabled, minter, untouched] = await Promise.all([1, 2, 3, 4].map(() => api.userWith('auditor', 'responder')));
    const minted = await api.request('POST', '/v1/api-tokens', { token: minter.token, body: { name: 'progress', roles: ['auditor'] } });
    expect(minted.status).toBe(201);
    const streams = {
      loggedOut: await stream(loggedOut.token),
      disabled: await stream(disabled.token),
      revoked: await stream(minted.body.token),
      untouched: await stream(untouched.token),
    };
    for (const s of Object.values(streams)) expect(s.status).toBe(200);
    const credentials = api.app.get(StreamCredentials);
    await credentials.check(); // every credential still in force: nothing ends
    for (const s of Object.values(streams)) expect(await s.endedWithin(100)).toBe(false);

    expect((await api.request('POST', '/v1/auth/logout', { token: loggedOut.token })).status).toBe(204);
    expect((await api.request('PATCH', `/v1/users/${disabled.id}`, { token: admin, body: { disabled: true } })).status).toBe(200);
    expect((await api.request('DELETE', `/v1/api-tokens/${minted.body.id}`, { token: minter.token })).status).toBe(204);
    await credentials.check(); // what the timer does every STREAM_CREDENTIAL_CHECK_MS

    expect(await streams.loggedOut.endedWithin(5_000)).toBe(true);
    expect(await streams.disabled.endedWithin(5_000)).toBe(true);
    expect(await streams.revoked.endedWithin(5_000)).toBe(true);
    expect(await streams.untouched.endedWithin(500)).toBe(false);
    // The ended streams gave their slots back and are no longer watched; the untouched one is.
    await eventually(() => credentials.size === 1);
  });

  it('ends the stream of an API token whose creator was demoted out of every role the token holds', async () => {
    const creator = await api.userWith('responder', 'auditor');
    const minted = await api.request('POST', '/v1/api-tokens', { token: creator.token, body: { name: 'progress', roles: ['responder'] } });
    expect(minted.status).toBe(201);
    const watched = await stream(minted.body.token);
    expect(watched.status).toBe(200);
    const admin = await api.adminToken();
    expect((await api.request('PATCH', `/v1/users/${creator.id}`, { token: admin, body: { roles: ['auditor'] } })).status).toBe(200);
    expect((await api.request('GET', `/v1/revocations/${revocationId}`, { token: minted.body.token })).status).toBe(403);
    await api.app.get(StreamCredentials).check();
    expect(await watched.endedWithin(5_000)).toBe(true);
  });

  it('ends the stream of a session once it has expired', async () => {
    const watcher = await api.userWith('auditor');
    const watched = await stream(watcher.token);
    const prisma = testPrisma();
    try {
      // SESSION_TTL_SEC has passed: as if, by moving the session's expiry into the past.
      await prisma.session.updateMany({ where: { userId: watcher.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    } finally {
      await prisma.$disconnect();
    }
    await api.app.get(StreamCredentials).check();
    expect(await watched.endedWithin(5_000)).toBe(true);
  });

  it('ends the stream of a logged-out session by itself, on its timer', async () => {
    const watcher = await api.userWith('auditor');
    const watched = await stream(watcher.token);
    expect((await api.request('POST', '/v1/auth/logout', { token: watcher.token })).status).toBe(204);
    expect(await watched.endedWithin(STREAM_CREDENTIAL_CHECK_MS * 5)).toBe(true);
  });
});
