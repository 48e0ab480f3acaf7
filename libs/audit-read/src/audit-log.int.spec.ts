import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLocalJWKSet, compactVerify } from 'jose';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { seedVendor } from '../../../test/support/fleet';
import { foldRefusals } from '../../../test/support/refusals';
import { CHECKPOINT_FILE } from './checkpoint-export';
import { CHECKPOINT_TYP } from './checkpoint-token';

type Entry = { seq: string; action: string; actorId: string | null; targetType: string | null; targetId: string | null; outcome: string; at: string };

describe('audit log API (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;
  let exportDir: string;

  beforeAll(async () => {
    exportDir = mkdtempSync(path.join(tmpdir(), 'killswitch-audit-'));
    api = await startTestApi({ AUDIT_CHECKPOINT_DIR: exportDir });
    prisma = testPrisma();
    admin = await api.adminToken();
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
    rmSync(exportDir, { recursive: true, force: true });
  });

  const get = (url: string, token = admin) => api.request('GET', url, { token });

  describe('GET /v1/audit', () => {
    it('lists entries newest first, filtered by action, actor, target, outcome and time, paged by cursor', async () => {
      const responder = await api.userWith('responder');
      const startedAt = new Date(Date.now() - 1000).toISOString();
      // Three vendors created by one responder: three entries of theirs, in order.
      const slugs: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const v = await seedVendor(api, `audit${i}`);
        slugs.push(v.vendor);
      }
      const mine = await get(
        `/v1/audit?actorId=${(await prisma.user.findUniqueOrThrow({ where: { issuer_email: { issuer: '', email: 'admin@killswitch.test' } } })).id}&action=vendor.create&from=${startedAt}&limit=500`,
      );
      expect(mine.status).toBe(200);
      const created = (mine.body.items as Entry[]).filter((e) => slugs.includes(e.targetId ?? ''));
      expect(created.map((e) => e.targetId)).toEqual([...slugs].reverse());
      for (const e of mine.body.items as Entry[]) expect(e).toMatchObject({ action: 'vendor.create', outcome: 'ok' });

      // A refused attempt by the responder: filtered by actor and outcome.
      expect((await api.request('POST', '/v1/users', { token: responder.token, body: {} })).status).toBe(403);
      await foldRefusals(api);
      const refused = await get(`/v1/audit?actorId=${responder.id}&outcome=refused`);
      expect(refused.body.items).toEqual([
        expect.objectContaining({
          action: 'access.refused',
          outcome: 'refused',
          actorId: responder.id,
          targetType: 'route',
          targetId: 'POST /v1/users',
          count: 1,
        }),
      ]);
      const byTarget = await get(`/v1/audit?targetType=route&targetId=${encodeURIComponent('POST /v1/users')}&actorId=${responder.id}`);
      expect(byTarget.body.items.map((e: Entry) => e.seq)).toEqual(refused.body.items.map((e: Entry) => e.seq));
      const succeeded = (await get(`/v1/audit?actorId=${responder.id}&outcome=ok`)).body.items as Entry[];
      expect(succeeded.map((e) => e.action)).toEqual(['auth.login']);

      // Paging: limit 1 walks the same entries, one page each, with no overlap.
      const all = (await get(`/v1/audit?action=vendor.create&from=${startedAt}&limit=500`)).body.items as Entry[];
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: Entry[]; nextCursor: string | null } } = await get(
          `/v1/audit?action=vendor.create&from=${startedAt}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        walked.push(...page.body.items.map((e) => e.seq));
        cursor = page.body.nextCursor;
      } while (cursor && walked.length <= all.length);
      expect(walked).toEqual(all.map((e) => e.seq));

      // Time: `to` is exclusive, `from` inclusive.
      const first = all[all.length - 1];
      const until = await get(`/v1/audit?action=vendor.create&from=${startedAt}&to=${encodeURIComponent(first.at)}`);
      expect(until.body.items.map((e: Entry) => e.seq)).not.toContain(first.seq);
      const since = await get(`/v1/audit?action=vendor.create&from=${encodeURIComponent(first.at)}&limit=500`);
      expect(since.body.items.map((e: Entry) => e.seq)).toContain(first.seq);
    });

    it('answers each entry with its chain fields', async () => {
      const response = await get('/v1/audit?limit=1');
      const [entry] = response.body.items;
      expect(Object.keys(entry).sort()).toEqual(
        [
          'seq',
          'at',
          'actorType',
          'actorId',
          'actor',
          'action',
          'outcome',
          'targetType',
          'targetId',
          'before',
          'after',
          'reason',
          'requestId',
          'count',
          'prevHash',
          'hash',
        ].sort(),
      );
      expect(entry).toMatchObject({
        seq: expect.stringMatching(/^\d+$/),
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(new Date(entry.at).toISOString()).toBe(entry.at);
    });

    it.each([
      ['an unknown field', '?actor=me', 'property actor should not exist'],
      ['a wrong outcome', '?outcome=maybe', 'outcome must be ok or refused'],
      ['a limit that is not a number', '?limit=ten', 'limit must be an integer from 1 to 500'],
      ['a limit too large', '?limit=501', 'limit must be an integer from 1 to 500'],
      ['an actorId that is not a UUID', '?actorId=42', 'actorId must be a UUID'],
      ['a from that is not a date', '?from=yesterday', 'from must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z'],
      ['an impossible date', '?to=2026-02-30T00:00:00Z', 'to must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z'],
      ['a from after to', '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from must be before to'],
      ['an action given twice', '?action=a&action=b', 'action must be an action name such as kill-switch.create (lowercase letters, digits, . _ -)'],
      ['a malformed action', '?action=DROP%20TABLE', 'action must be an action name such as kill-switch.create (lowercase letters, digits, . _ -)'],
      ['a cursor from nowhere', `?cursor=${Buffer.from('abc').toString('base64url')}`, 'cursor is not valid; use nextCursor from the previous page'],
      ['a cursor with bad characters', '?cursor=a.b', 'cursor is not valid; use nextCursor from the previous page'],
    ])('refuses %s with 400 and says what is wrong', async (_what, query, message) => {
      const response = await get(`/v1/audit${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', requestId: expect.any(String) });
      // Field errors come one a line in details (and joined in message); a service's check is the message itself.
      expect(response.body.details ?? [response.body.message]).toContain(message);
    });
  });

  describe('GET /v1/audit/verify', () => {
    it('recomputes the chain from genesis to the head', async () => {
      const head = await prisma.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } });
      const response = await get('/v1/audit/verify');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ ok: true, entries: expect.any(Number) });
      expect(response.body.firstBroken).toBeUndefined();
      // Entries appended by other suites meanwhile may be included: at least the head seen before.
      expect(response.body.entries).toBeGreaterThanOrEqual(Number(head.seq));
      expect(response.body.headSeq).toBe(String(response.body.entries));
    });
  });

  describe('roles', () => {
    it.each(['admin', 'responder', 'approver', 'auditor'])('%s may read the log, verify it and list checkpoints', async (role) => {
      const user = await api.userWith(role);
      for (const url of ['/v1/audit?limit=1', '/v1/audit/verify', '/v1/audit/checkpoints?limit=1']) {
        const response = await get(url, user.token);
        expect({ url, status: response.status }).toEqual({ url, status: 200 });
      }
    });

    it('refuses anonymous readers', async () => {
      for (const url of ['/v1/audit', '/v1/audit/verify', '/v1/audit/checkpoints']) expect((await api.request('GET', url)).status).toBe(401);
    });

    it.each(['responder', 'approver', 'auditor'])('only an admin may sign a checkpoint: %s gets 403', async (role) => {
      const user = await api.userWith(role);
      const before = await prisma.auditCheckpoint.count();
      const response = await api.request('POST', '/v1/audit/checkpoints', { token: user.token });
      expect(response.status).toBe(403);
      expect(await prisma.auditCheckpoint.count()).toBe(before);
    });
  });

  describe('checkpoints', () => {
    it('signs the head, stores it, exports it as one JSON line and audits it', async () => {
      const created = await api.request('POST', '/v1/audit/checkpoints', { token: admin });
      expect(created.status).toBe(201);
      const checkpoint = created.body;
      expect(checkpoint).toEqual({
        id: expect.stringMatching(/^\d+$/),
        seq: expect.stringMatching(/^\d+$/),
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        at: expect.any(String),
        kid: expect.any(String),
        signature: expect.any(String),
      });
      const entry = await prisma.auditEntry.findUniqueOrThrow({ where: { seq: BigInt(checkpoint.seq) } });
      expect(entry.hash).toBe(checkpoint.headHash);

      // Any JOSE library verifies it against the public JWKS.
      const jwks = (await api.request('GET', '/.well-known/jwks.json')).body;
      const { payload, protectedHeader } = await compactVerify(checkpoint.signature, createLocalJWKSet(jwks));
      expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: checkpoint.kid, typ: CHECKPOINT_TYP });
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ seq: checkpoint.seq, headHash: checkpoint.headHash, at: checkpoint.at });

      const lines = readFileSync(path.join(exportDir, CHECKPOINT_FILE), 'utf8').trim().split('\n');
      expect(JSON.parse(lines[lines.length - 1])).toEqual({
        seq: checkpoint.seq,
        headHash: checkpoint.headHash,
        at: checkpoint.at,
        kid: checkpoint.kid,
        jws: checkpoint.signature,
      });

      const audited = await get(`/v1/audit?action=audit.checkpoint&targetId=${checkpoint.id}`);
      expect(audited.body.items).toEqual([
        expect.objectContaining({
          targetType: 'audit-checkpoint',
          actor: 'admin@killswitch.test',
          after: { seq: checkpoint.seq, headHash: checkpoint.headHash, kid: checkpoint.kid },
        }),
      ]);
      expect(BigInt(audited.body.items[0].seq)).toBeGreaterThan(BigInt(checkpoint.seq));

      const second = (await api.request('POST', '/v1/audit/checkpoints', { token: admin })).body;
      const listed = await get('/v1/audit/checkpoints?limit=1');
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([second]);
      const next = await get(`/v1/audit/checkpoints?limit=1&cursor=${listed.body.nextCursor}`);
      expect(next.body.items).toEqual([checkpoint]);
    });

    it('refuses unknown paging fields on the checkpoint list', async () => {
      const response = await get('/v1/audit/checkpoints?seq=1');
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('property seq should not exist');
    });
  });
});
