// Tampering with the audit log the way someone holding the database could:
// edits, deletions, reordering, and a whole chain rewritten consistently.
// Done as the superuser with triggers off (session_replication_role = replica,
// for this connection only) on a scratch database of this suite's own, so the
// run's shared database never holds a broken chain.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { chainHash, chainedEntryOf } from '@killswitch/audit';
import { publicJwkOf } from '@killswitch/snapshots';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { seedVendor } from '../../../test/support/fleet';
import { parseMetrics, sampleValue } from '../../../test/support/metrics-text';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { VERIFY_BATCH_SIZE } from './chain-verifier.service';
import { CHECKPOINT_FILE } from './checkpoint-export';
import { signCheckpoint } from './checkpoint-token';
import { auditCheck } from './audit-check';

interface Row {
  seq: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actor: string;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  count: number | null;
  prevHash: string;
  hash: string;
}

const COLUMNS = [
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
] as const;

function hashOf(prevHash: string, row: Row): string {
  return chainHash(prevHash, chainedEntryOf({ ...row, seq: BigInt(row.seq) }));
}

describe('audit chain tampering (integration, scratch database)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  /** The superuser, with triggers (the append-only guard among them) off for this session. */
  let db: Client;
  let exportDir: string;
  let token: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    exportDir = mkdtempSync(path.join(tmpdir(), 'killswitch-audit-tamper-'));
    api = await startTestApi({ DATABASE_URL: scratch.url, AUDIT_CHECKPOINT_DIR: exportDir });
    token = await api.adminToken();
    await seedVendor(api, 'tamper');
    await seedVendor(api, 'tamper');
    db = new Client({ connectionString: scratch.url });
    await db.connect();
    await db.query('SET session_replication_role = replica');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.end();
    await scratch?.drop();
    rmSync(exportDir, { recursive: true, force: true });
  });

  /**
   * GET /v1/audit/verify. An edit below the last verified entry that leaves that entry's hash alone is found by a
   * walk from genesis (`full`): the default walks only what was appended since (chain-verification.int.spec.ts).
   */
  const verify = async (options: { full?: boolean } = {}) => {
    const response = await api.request('GET', `/v1/audit/verify${options.full ? '?full=true' : ''}`, { token });
    expect(response.status).toBe(200);
    return response.body;
  };
  const row = async (seq: number | string): Promise<Row> => (await db.query<Row>('SELECT * FROM audit_log WHERE seq = $1', [seq])).rows[0];
  const rowsFrom = async (seq: number | string): Promise<Row[]> => (await db.query<Row>('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq', [seq])).rows;
  const insert = async (rows: Row[]) => {
    const values = rows.map((_r, i) => `(${COLUMNS.map((_c, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`).join(', ');
    const params = rows.flatMap((r) => COLUMNS.map((c) => ((c === 'before' || c === 'after') && r[c] !== null ? JSON.stringify(r[c]) : r[c])));
    await db.query(`INSERT INTO audit_log (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`, params);
  };
  /** Sets each row's reason, prevHash and hash, a few hundred rows a statement (one a row took most of a minute under load). */
  const rewrite = async (rows: Row[]) => {
    for (let i = 0; i < rows.length; i += 500) {
      const slice = rows.slice(i, i + 500);
      const values = slice.map((_r, j) => `($${j * 4 + 1}::bigint, $${j * 4 + 2}::text, $${j * 4 + 3}::text, $${j * 4 + 4}::text)`).join(', ');
      await db.query(
        `UPDATE audit_log a SET reason = v.reason, "prevHash" = v.prev, hash = v.hash FROM (VALUES ${values}) AS v(seq, reason, prev, hash) WHERE a.seq = v.seq`,
        slice.flatMap((r) => [r.seq, r.reason, r.prevHash, r.hash]),
      );
    }
  };
  const check = async (file: string, ...rest: ['--jwks', string] | []) => {
    const output: string[] = [];
    const code = await auditCheck({ databaseUrl: scratch.url, file, jwks: rest[1] }, (line) => output.push(line));
    return { code, output };
  };
  const exportFile = () => path.join(exportDir, CHECKPOINT_FILE);
  const chainVerifyFailed = async () => sampleValue(parseMetrics((await api.request('GET', '/metrics')).text), 'killswitch_audit_chain_verify_failed');

  it('the application cannot change audit_log: the trigger refuses UPDATE and DELETE', async () => {
    const app = new Client({ connectionString: scratch.url });
    await app.connect();
    try {
      await expect(app.query(`UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).rejects.toThrow('audit_log is append-only');
      await expect(app.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow('audit_log is append-only');
    } finally {
      await app.end();
    }
  });

  it('the untouched chain verifies from genesis', async () => {
    const head = (await db.query<{ max: string }>('SELECT max(seq) FROM audit_log')).rows[0].max;
    expect(Number(head)).toBeGreaterThan(10);
    expect(await verify()).toEqual({ ok: true, entries: Number(head), headSeq: head, headHash: (await row(head)).hash });
  });

  it('names an edited entry (hash mismatch) and verifies again once it is restored', async () => {
    const original = await row(5);
    await db.query(`UPDATE audit_log SET reason = 'nothing to see here' WHERE seq = 5`);
    expect(await verify({ full: true })).toMatchObject({
      ok: false,
      entries: 4,
      headSeq: '4',
      firstBroken: { seq: '5', reason: 'hash-mismatch', message: expect.stringMatching(/^entry 5 was altered/) },
    });
    // The alert KillswitchAuditChainVerifyFailed reads this gauge.
    expect(await chainVerifyFailed()).toBe(1);
    await db.query('UPDATE audit_log SET reason = $1 WHERE seq = 5', [original.reason]);
    expect(await verify()).toMatchObject({ ok: true });
    expect(await chainVerifyFailed()).toBe(0);

    // An edit inside a JSON column is caught the same way.
    const withAfter = (await db.query<Row>('SELECT * FROM audit_log WHERE after IS NOT NULL ORDER BY seq LIMIT 1')).rows[0];
    await db.query(`UPDATE audit_log SET after = '{"forged": true}' WHERE seq = $1`, [withAfter.seq]);
    expect(await verify({ full: true })).toMatchObject({ ok: false, firstBroken: { seq: withAfter.seq, reason: 'hash-mismatch' } });
    await db.query('UPDATE audit_log SET after = $1 WHERE seq = $2', [JSON.stringify(withAfter.after), withAfter.seq]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names the first deleted entry (sequence gap) and verifies again once it is put back', async () => {
    const deleted = await row(7);
    await db.query('DELETE FROM audit_log WHERE seq = 7');
    expect(await verify({ full: true })).toMatchObject({
      ok: false,
      entries: 6,
      firstBroken: { seq: '7', reason: 'sequence-gap', message: 'entry 7 is missing (the next entry is 8): entries were deleted' },
    });
    await insert([deleted]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names entries whose seq were swapped as reordered, and verifies again once they are swapped back', async () => {
    const swap = async () => {
      await db.query('UPDATE audit_log SET seq = -8 WHERE seq = 8');
      await db.query('UPDATE audit_log SET seq = 8 WHERE seq = 9');
      await db.query('UPDATE audit_log SET seq = 9 WHERE seq = -8');
    };
    await swap();
    expect(await verify({ full: true })).toMatchObject({
      ok: false,
      entries: 7,
      firstBroken: { seq: '8', reason: 'reordered', message: 'entry 8 links to entry 9, which comes after it: entries were reordered' },
    });
    await swap();
    expect(await verify()).toMatchObject({ ok: true });
  });

  it(`verifies a chain longer than one batch (${VERIFY_BATCH_SIZE} entries) and finds an edit in a later batch`, async () => {
    const head = await row((await db.query<{ max: string }>('SELECT max(seq) FROM audit_log')).rows[0].max);
    const added: Row[] = [];
    let prevHash = head.hash;
    for (let i = 1; i <= 2 * VERIFY_BATCH_SIZE + 500; i += 1) {
      const entry: Row = {
        ...head,
        seq: String(BigInt(head.seq) + BigInt(i)),
        at: new Date(head.at.getTime() + i),
        action: 'test.filler',
        targetType: 'filler',
        targetId: String(i),
        before: null,
        after: { i, note: `filler ${i}` },
        reason: null,
        requestId: null,
        prevHash,
        hash: '',
      };
      entry.hash = hashOf(prevHash, entry);
      prevHash = entry.hash;
      added.push(entry);
    }
    for (let i = 0; i < added.length; i += 1000) await insert(added.slice(i, i + 1000));
    const last = added[added.length - 1];
    // The default walks the new entries only (from the head verified before), across batches; a full walk, all of them.
    expect(await verify()).toEqual({ ok: true, entries: Number(last.seq), headSeq: last.seq, headHash: last.hash });
    expect(await verify({ full: true })).toEqual({ ok: true, entries: Number(last.seq), headSeq: last.seq, headHash: last.hash });

    const target = added[2 * VERIFY_BATCH_SIZE + 100];
    await db.query(`UPDATE audit_log SET after = '{"i": -1}' WHERE seq = $1`, [target.seq]);
    expect(await verify({ full: true })).toMatchObject({
      ok: false,
      entries: Number(target.seq) - 1,
      firstBroken: { seq: target.seq, reason: 'hash-mismatch' },
    });
    await db.query('UPDATE audit_log SET after = $1 WHERE seq = $2', [JSON.stringify(target.after), target.seq]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('records no checkpoint that could not be exported', async () => {
    // A directory where the export file should be: the append fails.
    mkdirSync(exportFile());
    try {
      const refused = await api.request('POST', '/v1/audit/checkpoints', { token });
      expect(refused.status).toBe(503);
      expect(refused.body.message).toBe('the audit checkpoint could not be exported; nothing was recorded');
      expect((await db.query('SELECT count(*)::int AS n FROM audit_checkpoints')).rows[0].n).toBe(0);
      expect((await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'audit.checkpoint'`)).rows[0].n).toBe(0);
    } finally {
      rmdirSync(exportFile());
    }
  });

  describe('exported checkpoints', () => {
    let checkpoint: { seq: string; headHash: string; kid: string };

    beforeAll(async () => {
      const created = await api.request('POST', '/v1/audit/checkpoints', { token });
      expect(created.status).toBe(201);
      checkpoint = created.body;
    });

    it('audit:check passes on an untouched chain, with the database keys or a JWKS file', async () => {
      const result = await check(exportFile());
      expect(result.code).toBe(0);
      expect(result.output[0]).toMatch(
        new RegExp(`^ok {4}line 1: seq ${checkpoint.seq}, head ${checkpoint.headHash.slice(0, 12)}…, signed by ${checkpoint.kid}`),
      );
      expect(result.output[result.output.length - 1]).toBe('audit:check OK: 1 checkpoints hold');

      const jwksFile = path.join(exportDir, 'jwks.json');
      writeFileSync(jwksFile, (await api.request('GET', '/.well-known/jwks.json')).text);
      expect((await check(exportFile(), '--jwks', jwksFile)).code).toBe(0);
    });

    it('a whole chain rewritten consistently after an edit fails /verify at the last checkpoint and audit:check, and no new checkpoint is signed', async () => {
      const originals = await rowsFrom(3);
      let prevHash = (await row(2)).hash;
      const rewritten = originals.map((original, index) => {
        const entry: Row = { ...original, prevHash, reason: index === 0 ? 'history, rewritten' : original.reason };
        entry.hash = hashOf(prevHash, entry);
        prevHash = entry.hash;
        return entry;
      });
      await rewrite(rewritten);
      // The chain links up again from genesis, but no longer has, at the last checkpoint's seq, the hash it signed.
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { seq: checkpoint.seq, reason: 'checkpoint-mismatch' } });

      const result = await check(exportFile());
      expect(result.code).toBe(1);
      expect(result.output[0]).toMatch(new RegExp(`^FAIL {2}line 1: seq ${checkpoint.seq}: entry ${checkpoint.seq} now hashes to .*the chain was rewritten$`));
      expect(result.output[result.output.length - 1]).toBe('audit:check FAILED: 1 of 1 checkpoints do not hold');

      // The next checkpoint starts from the last one: it refuses to bless the rewritten chain.
      const refused = await api.request('POST', '/v1/audit/checkpoints', { token });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(new RegExp(`entry ${checkpoint.seq}, checkpoint-mismatch: .*the chain was rewritten.*no checkpoint was signed`));

      await rewrite(originals);
      expect((await check(exportFile())).code).toBe(0);
    });

    it('entries deleted from the end: /verify and audit:check name the missing tail, and no checkpoint is signed below the last one', async () => {
      const tail = await rowsFrom(String(BigInt(checkpoint.seq) - 2n));
      const end = BigInt(tail[0].seq) - 1n;
      await db.query('DELETE FROM audit_log WHERE seq >= $1', [tail[0].seq]);
      expect(await verify()).toMatchObject({
        ok: false,
        headSeq: end.toString(),
        firstBroken: {
          seq: tail[0].seq,
          reason: 'below-checkpoint',
          message: expect.stringContaining(`the chain ends at entry ${end}, below entry ${checkpoint.seq} that signed checkpoint`),
        },
      });
      expect(await chainVerifyFailed()).toBe(1);
      const result = await check(exportFile());
      expect(result.code).toBe(1);
      expect(result.output[0]).toContain(`the chain ends at entry ${end}, before entry ${checkpoint.seq}: entries were deleted`);

      // The signer refuses the shorter head (it would sign a lower seq than the last checkpoint), says why, and counts it.
      const refused = await api.request('POST', '/v1/audit/checkpoints', { token });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'audit_chain_truncated', message: expect.stringContaining('ends below the latest signed checkpoint') });
      expect((await db.query('SELECT max(seq)::text AS seq FROM audit_checkpoints')).rows[0].seq).toBe(checkpoint.seq);
      const metrics = (await api.request('GET', '/metrics', { token })).text;
      expect(metrics).toMatch(/killswitch_audit_checkpoint_refusals_total\{reason="below-checkpoint"\} [1-9]/);

      await insert(tail);
      expect(await verify()).toMatchObject({ ok: true });
      expect((await check(exportFile())).code).toBe(0);
    });

    it('audit:check refuses forged, edited, foreign-signed and unreadable lines, and an empty file', async () => {
      const [line] = readFileSync(exportFile(), 'utf8').trim().split('\n');
      const exported = JSON.parse(line) as { seq: string; headHash: string; at: string; kid: string; jws: string };
      const [header, , signature] = exported.jws.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ seq: exported.seq, headHash: 'a'.repeat(64), at: exported.at })).toString('base64url');
      const { privateKey } = generateKeyPairSync('ed25519');
      const stranger = { kid: publicJwkOf(privateKey).kid, privateKey };
      const lines = [
        JSON.stringify({ ...exported, jws: `${header}.${forgedPayload}.${signature}` }),
        JSON.stringify({ ...exported, seq: '1' }),
        JSON.stringify({ ...exported, jws: signCheckpoint(stranger, { seq: exported.seq, headHash: exported.headHash, at: exported.at }) }),
        '{ not json',
        line,
      ];
      const file = path.join(exportDir, 'doctored.jsonl');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const result = await check(file);
      expect(result.code).toBe(1);
      expect(result.output.slice(0, 5)).toEqual([
        `FAIL  line 1: the signature does not verify with key ${exported.kid}`,
        `FAIL  line 2: seq ${exported.seq}: its seq (1) is not the signed seq (${exported.seq})`,
        `FAIL  line 3: signed by key ${stranger.kid}, which is not among the verification keys`,
        'FAIL  line 4: not a JSON line',
        expect.stringMatching(/^ok {4}line 5: /),
      ]);
      expect(result.output[result.output.length - 1]).toBe('audit:check FAILED: 4 of 5 checkpoints do not hold');

      const empty = path.join(exportDir, 'empty.jsonl');
      writeFileSync(empty, '');
      expect(await check(empty)).toEqual({
        code: 1,
        output: ['FAIL  line 0: the file holds no checkpoint', 'audit:check FAILED: 1 of 1 checkpoints do not hold'],
      });
      expect((await check(path.join(exportDir, 'missing.jsonl'))).code).toBe(2);
    });
  });
});
