// GET /v1/audit/verify kept cheap: callers that arrive together share one
// walk, a head that has not moved needs none, and a walk starts from the last
// verified entry; what that leaves to a walk from genesis (?full=true, or
// AUDIT_VERIFY_FULL_INTERVAL_SEC) is shown too. Walks are counted with
// killswitch_audit_chain_walks_total. On a scratch database of this suite's
// own: entries are edited as the superuser with triggers off (for this
// connection only), and the run's shared database never holds a broken chain.
import { Client } from 'pg';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { seedVendor } from '../../../test/support/fleet';
import { parseMetrics, sampleValue } from '../../../test/support/metrics-text';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { ChainVerification } from './chain-verification.service';

describe(ChainVerification.name, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  /** The superuser, with triggers (the append-only guard among them) off for this session. */
  let db: Client;
  let token: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    api = await startTestApi({ DATABASE_URL: scratch.url });
    token = await api.adminToken();
    await seedVendor(api, 'verify');
    db = new Client({ connectionString: scratch.url });
    await db.connect();
    await db.query('SET session_replication_role = replica');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.end();
    await scratch?.drop();
  });

  const verify = async (options: { full?: boolean; as?: string } = {}) => {
    const response = await api.request('GET', `/v1/audit/verify${options.full ? '?full=true' : ''}`, { token: options.as ?? token });
    expect(response.status).toBe(200);
    return response.body;
  };
  /** Walks made so far by this process, by kind. */
  const walks = async () => {
    const samples = parseMetrics((await api.request('GET', '/metrics')).text);
    return {
      full: sampleValue(samples, 'killswitch_audit_chain_walks_total', { kind: 'full' }) ?? 0,
      incremental: sampleValue(samples, 'killswitch_audit_chain_walks_total', { kind: 'incremental' }) ?? 0,
    };
  };
  const walksSince = async (before: { full: number; incremental: number }) => {
    const now = await walks();
    return { full: now.full - before.full, incremental: now.incremental - before.incremental };
  };
  const head = async () => (await db.query<{ seq: string; hash: string }>('SELECT seq::text, hash FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1')).rows[0];
  const reasonOf = async (seq: number | string) =>
    (await db.query<{ reason: string | null }>('SELECT reason FROM audit_log WHERE seq = $1', [seq])).rows[0].reason;
  const setReason = (seq: number | string, reason: string | null) => db.query('UPDATE audit_log SET reason = $1 WHERE seq = $2', [reason, seq]);
  /** Appends a few entries through the API (a vendor, its models and integrations). */
  const append = () => seedVendor(api, 'verify');

  /**
   * Sends `calls` to GET /v1/audit/verify while the audit log is locked, releases it once every one of them has
   * reached the verifier, and returns the answers: however the requests are scheduled, they are all waiting together.
   */
  async function together(calls: { full?: boolean }[]) {
    const verification = api.app.get(ChainVerification);
    const spy = jest.spyOn(verification, 'verify');
    await db.query('BEGIN');
    try {
      await db.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');
      const answers = Promise.all(calls.map((call) => verify(call)));
      await eventually(() => spy.mock.calls.length === calls.length);
      await db.query('COMMIT');
      return await answers;
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    } finally {
      spy.mockRestore();
    }
  }

  it('walks from genesis first, then shares one walk of the new entries among the calls that arrive together', async () => {
    const first = await walks();
    const top = await head();
    expect(await verify()).toEqual({ ok: true, entries: Number(top.seq), headSeq: top.seq, headHash: top.hash });
    expect(await walksSince(first)).toEqual({ full: 1, incremental: 0 });

    await append();
    const moved = await head();
    const before = await walks();
    const answers = await together(Array.from({ length: 8 }, () => ({})));
    for (const answer of answers) expect(answer).toEqual({ ok: true, entries: Number(moved.seq), headSeq: moved.seq, headHash: moved.hash });
    expect(await walksSince(before)).toEqual({ full: 0, incremental: 1 });
  });

  it('answers again without a walk while the head has not moved', async () => {
    const top = await head();
    const before = await walks();
    for (let i = 0; i < 5; i += 1) expect(await verify()).toEqual({ ok: true, entries: Number(top.seq), headSeq: top.seq, headHash: top.hash });
    expect(await walksSince(before)).toEqual({ full: 0, incremental: 0 });
  });

  it('walks from genesis on full=true, one walk for the full calls that arrive together, and the others share it', async () => {
    const top = await head();
    const before = await walks();
    const answers = await together([{ full: true }, { full: true }, {}, { full: true }, {}]);
    for (const answer of answers) expect(answer).toEqual({ ok: true, entries: Number(top.seq), headSeq: top.seq, headHash: top.hash });
    expect(await walksSince(before)).toEqual({ full: 1, incremental: 0 });
  });

  it('full=true is for admins and auditors; a responder or approver is refused, and no walk is made', async () => {
    const auditor = await api.userWith('auditor');
    const before = await walks();
    expect(await verify({ full: true, as: auditor.token })).toMatchObject({ ok: true });
    expect(await walksSince(before)).toEqual({ full: 1, incremental: 0 });

    for (const role of ['responder', 'approver']) {
      const user = await api.userWith(role);
      const middle = await walks();
      const refused = await api.request('GET', '/v1/audit/verify?full=true', { token: user.token });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'forbidden', message: 'a full verification (full=true) is for admins and auditors' });
      expect(await walksSince(middle)).toEqual({ full: 0, incremental: 0 });
      // Without full=true they verify as before.
      expect((await api.request('GET', '/v1/audit/verify', { token: user.token })).status).toBe(200);
    }
    const bad = await api.request('GET', '/v1/audit/verify?full=yes', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toContain('full must be true or false');
  });

  it('an entry edited in the part not yet verified is named by the next verification, counted from genesis', async () => {
    await verify();
    const verifiedHead = Number((await head()).seq);
    await append();
    const target = verifiedHead + 2;
    const original = await reasonOf(target);
    await setReason(target, 'rewritten after the fact');
    try {
      const before = await walks();
      expect(await verify()).toMatchObject({
        ok: false,
        entries: target - 1,
        headSeq: String(target - 1),
        firstBroken: { seq: String(target), reason: 'hash-mismatch', message: expect.stringMatching(new RegExp(`^entry ${target} was altered`)) },
      });
      // The walk from the last verified entry found it; a walk from genesis named it.
      expect(await walksSince(before)).toEqual({ full: 1, incremental: 1 });
    } finally {
      await setReason(target, original);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('the last verified entry edited is named by the next verification once the head moves', async () => {
    await verify();
    const anchor = (await head()).seq;
    await append();
    const original = await reasonOf(anchor);
    await setReason(anchor, 'the verified head, rewritten');
    try {
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { seq: anchor, reason: 'hash-mismatch' } });
    } finally {
      await setReason(anchor, original);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('an older entry edited is named by a walk from genesis (full=true); the verdict of the unmoved head does not see it', async () => {
    const top = await head();
    expect(await verify()).toMatchObject({ ok: true, headSeq: top.seq });
    const original = await reasonOf(2);
    await setReason(2, 'history, quietly edited');
    try {
      // What full=true and AUDIT_VERIFY_FULL_INTERVAL_SEC are for: the head and the entries since the last walk are unchanged.
      expect(await verify()).toMatchObject({ ok: true, headSeq: top.seq });
      expect(await verify({ full: true })).toMatchObject({ ok: false, entries: 1, firstBroken: { seq: '2', reason: 'hash-mismatch' } });
      // Once found broken, nothing verified before is trusted: the next verification walks from genesis too.
      const before = await walks();
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { seq: '2', reason: 'hash-mismatch' } });
      expect(await walksSince(before)).toEqual({ full: 1, incremental: 0 });
    } finally {
      await setReason(2, original);
    }
    expect(await verify()).toMatchObject({ ok: true, headSeq: top.seq });
  });

  it('with AUDIT_VERIFY_FULL_INTERVAL_SEC=0 every verification walks from genesis, and finds an older entry edited', async () => {
    const everyTime = await startTestApi({ DATABASE_URL: scratch.url, AUDIT_VERIFY_FULL_INTERVAL_SEC: '0' });
    const original = await reasonOf(3);
    try {
      const asAdmin = await everyTime.adminToken();
      const check = async () => (await everyTime.request('GET', '/v1/audit/verify', { token: asAdmin })).body;
      expect(await check()).toMatchObject({ ok: true });
      await setReason(3, 'edited where only a full walk looks');
      expect(await check()).toMatchObject({ ok: false, firstBroken: { seq: '3', reason: 'hash-mismatch' } });
    } finally {
      await setReason(3, original);
      await everyTime.close();
    }
  });
});
