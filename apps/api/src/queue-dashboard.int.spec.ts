import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { SESSION_COOKIE } from '@killswitch/identity';
import { REVOCATIONS_QUEUE, queuePrefix } from '@killswitch/queue';
import { TEST_ADMIN, TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { parseMetrics, sampleValue } from '../../../test/support/metrics-text';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { ADMIN_UI_CSP } from './admin-ui/admin-ui.files';

function sessionCookieFrom(response: TestResponse): string {
  const header = response.headers['set-cookie'];
  const line = (Array.isArray(header) ? header : [String(header)]).find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error(`no session cookie: ${String(header)}`);
  return line.split(';')[0];
}

async function browserSessionOn(api: TestApi, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const response = await api.request('POST', '/v1/auth/session', { body: { email, password } });
  if (response.status !== 200) throw new Error(`browser sign-in failed: ${response.status} ${response.text}`);
  return { cookie: sessionCookieFrom(response), csrf: response.body.csrfToken as string };
}

describe('queue dashboard (integration)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const browserSession = (email: string, password: string) => browserSessionOn(api, email, password);

  it('is for admins only, by bearer credential', async () => {
    const responder = await api.userWith('responder');
    const refused = await api.request('GET', '/admin/queues', { token: responder.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'forbidden', message: 'the queue dashboard is for admins', requestId: expect.any(String) });
    const queues = await api.request('GET', '/admin/queues/api/queues', { token: await api.adminToken() });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(['revocations']);
  });

  it("opens with an admin's browser session cookie, under the admin UI's CSP, with no foreign host in the page", async () => {
    const { cookie } = await browserSession(TEST_ADMIN.email, TEST_ADMIN.password);
    const page = await api.request('GET', '/admin/queues', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toBe(ADMIN_UI_CSP);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.text).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(page.text).not.toMatch(/\sstyle=|<style/i);
    expect(page.text).toContain('<script src="/admin/queues/killswitch-csrf.js"></script>');
    const queues = await api.request('GET', '/admin/queues/api/queues', { headers: { cookie } });
    expect(queues.status).toBe(200);
    expect(queues.headers['content-security-policy']).toBe(ADMIN_UI_CSP);
    const script = await api.request('GET', '/admin/queues/killswitch-csrf.js', { headers: { cookie } });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('answers 401 without a credential, or with an ended session, and 403 to a non-admin session', async () => {
    const anonymous = await api.request('GET', '/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, code: 'unauthenticated', requestId: expect.any(String) });
    expect(anonymous.headers['content-security-policy']).toBe(ADMIN_UI_CSP);

    const ended = await browserSession(TEST_ADMIN.email, TEST_ADMIN.password);
    const logout = await api.request('POST', '/v1/auth/logout', { headers: { cookie: ended.cookie, 'x-csrf-token': ended.csrf } });
    expect(logout.status).toBe(204);
    const afterLogout = await api.request('GET', '/admin/queues', { headers: { cookie: ended.cookie } });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body).toMatchObject({ code: 'unauthenticated', message: 'the session has expired or ended: sign in again' });

    const approver = await api.userWith('approver', 'auditor', 'responder');
    const { cookie } = await browserSession(approver.email, approver.password);
    const refused = await api.request('GET', '/admin/queues', { headers: { cookie } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'forbidden', message: 'the queue dashboard is for admins' });
    expect((await api.request('GET', '/admin/queues/api/queues', { headers: { cookie } })).status).toBe(403);
  });

  it("refuses a cookie-authenticated write without the session's X-CSRF-Token, and accepts it with", async () => {
    const { cookie, csrf } = await browserSession(TEST_ADMIN.email, TEST_ADMIN.password);
    const clean = '/admin/queues/api/queues/revocations/clean/completed';
    const without = await api.request('PUT', clean, { headers: { cookie } });
    expect(without.status).toBe(403);
    expect(without.body).toMatchObject({ code: 'csrf_token_invalid', message: 'send the X-CSRF-Token header with the token your session was given' });
    const wrong = await api.request('PUT', clean, { headers: { cookie, 'x-csrf-token': 'A'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'csrf_token_invalid' });
    const right = await api.request('PUT', clean, { headers: { cookie, 'x-csrf-token': csrf } });
    expect(right.status).toBe(200);
  });
});

// Pausing, resuming and cleaning for real: on a queue prefix and a scratch database of their own, so a paused
// revocations queue, or the audit log made to refuse entries, never reaches another suite of the run.
describe('queue dashboard writes (integration)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let db: Client;
  let redis: Redis;
  let revocations: Queue;
  let admin: { cookie: string; csrf: string };
  const prefix = `${process.env.KILLSWITCH_QUEUE_PREFIX}-dashboard`;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    api = await startTestApi({ DATABASE_URL: scratch.url, KILLSWITCH_QUEUE_PREFIX: prefix });
    db = new Client({ connectionString: scratch.url });
    await db.connect();
    redis = new Redis(api.config.REDIS_URL, { maxRetriesPerRequest: null });
    revocations = new Queue(REVOCATIONS_QUEUE, { connection: redis, prefix: queuePrefix(api.config) });
    admin = await browserSessionOn(api, TEST_ADMIN.email, TEST_ADMIN.password);
  }, 120_000);
  afterAll(async () => {
    await revocations?.obliterate({ force: true }).catch(() => undefined);
    await revocations?.close();
    // Every key of this suite's prefix (the queues the API opened as well).
    const keys = await redis.keys(`${queuePrefix(api.config)}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis?.disconnect();
    await api?.close();
    await db?.end();
    await scratch?.drop();
  });

  /** A dashboard write by the admin's browser session, with a request id of the test's. */
  const write = async (method: string, path: string, requestId = `dash-${randomUUID()}`) => {
    const response = await api.request(method, `/admin/queues/api/queues/${path}`, {
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'x-request-id': requestId },
    });
    return { response, requestId };
  };
  const entriesOf = async (requestId: string) =>
    (
      await db.query<{ action: string; actor: string; targetType: string; targetId: string; after: unknown; outcome: string }>(
        'SELECT action, actor, "targetType", "targetId", after, outcome FROM audit_log WHERE "requestId" = $1 ORDER BY seq',
        [requestId],
      )
    ).rows;
  const queueEntries = async () => Number((await db.query(`SELECT count(*) FROM audit_log WHERE action LIKE 'queue.%' OR action LIKE 'job.%'`)).rows[0].count);
  const pausedGauge = async () =>
    sampleValue(parseMetrics((await api.request('GET', '/metrics')).text), 'killswitch_queue_paused', { queue: REVOCATIONS_QUEUE });

  it('a pause is in the audit log with who, what and the request id; readiness says degraded and /metrics shows it until resumed', async () => {
    expect(await revocations.isPaused()).toBe(false);
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { queues: { status: 'up', paused: [] } } });

    const paused = await write('PUT', `${REVOCATIONS_QUEUE}/pause`);
    expect(paused.response.status).toBe(200);
    expect(await revocations.isPaused()).toBe(true);
    expect(await entriesOf(paused.requestId)).toEqual([
      { action: 'queue.pause', actor: TEST_ADMIN.email, targetType: 'queue', targetId: REVOCATIONS_QUEUE, after: null, outcome: 'ok' },
    ]);

    // Still 200: the instance serves polls and kills; the body says what a paused revocations queue means.
    const degraded = await api.request('GET', '/health/ready');
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({
      status: 'degraded',
      details: {
        database: { status: 'up' },
        redis: { status: 'up' },
        queues: { status: 'degraded', paused: [REVOCATIONS_QUEUE], message: expect.stringContaining('kills and lifts are not pushed to devices') },
      },
    });
    // State gauges are read at most every 5 s: the first scrape that shows it.
    await eventually(async () => (await pausedGauge()) === 1);

    const resumed = await write('PUT', `${REVOCATIONS_QUEUE}/resume`);
    expect(resumed.response.status).toBe(200);
    expect(await revocations.isPaused()).toBe(false);
    expect(await entriesOf(resumed.requestId)).toMatchObject([
      { action: 'queue.resume', actor: TEST_ADMIN.email, targetType: 'queue', targetId: REVOCATIONS_QUEUE },
    ]);
    expect((await api.request('GET', '/health/ready')).body).toMatchObject({ status: 'ok', details: { queues: { status: 'up', paused: [] } } });
    await eventually(async () => (await pausedGauge()) === 0);
  });

  it('every write names its target and what it was given: cleaning a state, promoting and removing a job', async () => {
    const cleaned = await write('PUT', `${REVOCATIONS_QUEUE}/clean/completed`);
    expect(cleaned.response.status).toBe(200);
    expect(await entriesOf(cleaned.requestId)).toMatchObject([
      { action: 'queue.clean', targetType: 'queue', targetId: REVOCATIONS_QUEUE, after: { queueStatus: 'completed' } },
    ]);

    const job = await revocations.add('revocation.fanout', { revocationId: randomUUID() }, { delay: 3_600_000 });
    const promoted = await write('PUT', `${REVOCATIONS_QUEUE}/${job.id}/promote`);
    expect(promoted.response.status).toBe(204);
    expect(await entriesOf(promoted.requestId)).toMatchObject([{ action: 'job.promote', targetType: 'job', targetId: `${REVOCATIONS_QUEUE}/${job.id}` }]);
    const removed = await write('PUT', `${REVOCATIONS_QUEUE}/${job.id}/clean`);
    expect(removed.response.status).toBe(204);
    expect(await revocations.getJob(job.id!)).toBeUndefined();
    expect(await entriesOf(removed.requestId)).toMatchObject([{ action: 'job.remove', targetType: 'job', targetId: `${REVOCATIONS_QUEUE}/${job.id}` }]);
  });

  it('an admin API token may read the board but not change a queue: 403, nothing paused, nothing in the log but the refusal', async () => {
    const minted = await api.request('POST', '/v1/api-tokens', { token: await api.adminToken(), body: { name: 'dashboard-bot', roles: ['admin'] } });
    expect(minted.status).toBe(201);
    const bot = minted.body.token as string;
    expect((await api.request('GET', '/admin/queues/api/queues', { token: bot })).status).toBe(200);

    const before = await queueEntries();
    const refused = await api.request('PUT', `/admin/queues/api/queues/${REVOCATIONS_QUEUE}/pause`, { token: bot });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      statusCode: 403,
      code: 'api_token_cannot_decide',
      message: 'an API token cannot change the queues from the queue dashboard: sign in as a person',
      requestId: expect.any(String),
    });
    expect(await revocations.isPaused()).toBe(false);
    expect(await queueEntries()).toBe(before);
    const refusal = await db.query(`SELECT reason FROM refused_attempts WHERE "targetId" = $1`, [`PUT /admin/queues/api/queues/:queueName/pause`]);
    expect(refusal.rows).toEqual([{ reason: 'an API token cannot change the queues: a person must sign in' }]);

    // The admin in person may.
    const person = await write('PUT', `${REVOCATIONS_QUEUE}/pause`);
    expect(person.response.status).toBe(200);
    expect((await write('PUT', `${REVOCATIONS_QUEUE}/resume`)).response.status).toBe(200);
  });

  it('a write whose audit entry cannot be written is refused (503) and not carried out', async () => {
    // The database refuses queue entries, as it would any insert while it fails.
    await db.query(`
      CREATE FUNCTION refuse_queue_entries() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action LIKE 'queue.%' THEN RAISE EXCEPTION 'queue entries refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await db.query('CREATE TRIGGER refuse_queue_entries BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_queue_entries()');
    try {
      const before = await queueEntries();
      const refused = await write('PUT', `${REVOCATIONS_QUEUE}/pause`);
      expect(refused.response.status).toBe(503);
      expect(refused.response.body).toMatchObject({
        code: 'unavailable',
        message: 'the audit entry for queue.pause could not be written, so nothing was done: try again',
        requestId: refused.requestId,
      });
      expect(await revocations.isPaused()).toBe(false);
      expect(await queueEntries()).toBe(before);
    } finally {
      await db.query('DROP TRIGGER refuse_queue_entries ON audit_log');
      await db.query('DROP FUNCTION refuse_queue_entries()');
    }
  });
});
