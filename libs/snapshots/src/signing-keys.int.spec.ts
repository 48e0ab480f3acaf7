import { createPrivateKey, randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { AuditModule } from '@killswitch/audit';
import { ConfigModule, loadConfig } from '@killswitch/config';
import { DbModule, PrismaClient } from '@killswitch/db';
import { ACCESS_POLICY } from '@killswitch/identity';
import { testPrisma } from '../../../test/support/db';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { rotateSigningKeys } from './rotate-keys';
import { JwksController } from './jwks.controller';
import { Jwks, PublishedJwk } from './jwk';
import { isSealed } from './key-encryption';
import { resolveTrustedKeys, verifyEndorsement } from './key-endorsement';
import { SigningKeysService } from './signing-keys.service';
import { SnapshotSigner } from './snapshot-signer';
import { SnapshotOptions } from './snapshot-options';
import { SnapshotsModule } from './snapshots.module';

const KEK = randomBytes(32).toString('base64url');
const ISSUER = 'killswitch-test';
const DEVICE = '5d0c4a8e-1f1b-4f55-8f0e-6f5d2b9b7a10';

/** One API process: its own pool, its own keys in memory. */
interface Process {
  app: NestFastifyApplication;
  keys: SigningKeysService;
  signer: SnapshotSigner;
}

async function startProcess(options: Partial<SnapshotOptions> = { keyEncryptionKey: KEK }): Promise<Process> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  @Module({ imports: [ConfigModule.forRoot(config), DbModule, AuditModule, SnapshotsModule.forRoot({ issuer: ISSUER, lifetimeSec: 300, ...options })] })
  class TestSnapshotsApp {}
  const app = await NestFactory.create<NestFastifyApplication>(TestSnapshotsApp, new FastifyAdapter(), { logger: false, abortOnError: false });
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  await app.getHttpAdapter().getInstance().ready();
  return { app, keys: app.get(SigningKeysService), signer: app.get(SnapshotSigner) };
}

function verifySnapshot(jws: string, jwks: Jwks) {
  return jwtVerify(jws, createLocalJWKSet(jwks), { issuer: ISSUER, subject: DEVICE, algorithms: ['EdDSA'] });
}

function byStatus(jwks: Jwks, status: PublishedJwk['status']): PublishedJwk {
  const key = jwks.keys.find((k) => k.status === status);
  if (!key) throw new Error(`no ${status} key in the JWKS`);
  return key;
}

describe(SigningKeysService.name, () => {
  let prisma: PrismaClient;
  const started: Process[] = [];
  const start = async (options?: Partial<SnapshotOptions>) => {
    const process = await startProcess(options);
    started.push(process);
    return process;
  };

  // signing_keys is global to a database: these tests get a database of their own.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const runDatabase = process.env.DATABASE_URL;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    process.env.DATABASE_URL = scratch.url;
    prisma = testPrisma();
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.app.close()));
    await prisma.$disconnect();
    process.env.DATABASE_URL = runDatabase;
    await scratch.drop();
  });

  const statesInDb = async () =>
    (await prisma.signingKey.findMany({ select: { kid: true, state: true }, orderBy: { createdAt: 'asc' } })).reduce<Record<string, string[]>>((acc, row) => {
      (acc[row.state] ??= []).push(row.kid);
      return acc;
    }, {});

  describe('with a key-encryption key', () => {
    let a: Process;
    let b: Process;

    it('creates exactly one current and one next key when processes start and ensure keys at the same time', async () => {
      [a, b] = await Promise.all([start(), start()]);
      const results = await Promise.all([a.keys.ensureKeys(), b.keys.ensureKeys(), a.keys.ensureKeys()]);

      const states = await statesInDb();
      expect(Object.keys(states).sort()).toEqual(['current', 'next']);
      expect(states.current).toHaveLength(1);
      expect(states.next).toHaveLength(1);
      for (const kids of results) expect(kids).toEqual({ previous: null, current: states.current[0], next: states.next[0] });
      expect(a.keys.currentKid).toBe(states.current[0]);
      expect(b.keys.currentKid).toBe(states.current[0]);
      expect(await prisma.auditEntry.count({ where: { action: 'signing-key.create', targetId: { in: [states.current[0], states.next[0]] } } })).toBe(2);
    });

    it('is idempotent: ensuring again changes nothing', async () => {
      const before = await prisma.signingKey.findMany({ orderBy: { kid: 'asc' } });
      const kids = await a.keys.ensureKeys();
      expect(await prisma.signingKey.findMany({ orderBy: { kid: 'asc' } })).toEqual(before);
      expect(kids).toEqual({ previous: null, current: a.keys.currentKid, next: byStatus(a.keys.jwks(), 'next').kid });
    });

    it('stores private keys sealed, and the next key endorsed by the current one', async () => {
      const rows = await prisma.signingKey.findMany();
      for (const row of rows) expect(isSealed(row.privateKey)).toBe(true);
      const jwks = a.keys.jwks();
      const current = byStatus(jwks, 'current');
      expect(current.endorsement).toBeUndefined();
      await expect(verifyEndorsement(byStatus(jwks, 'next'), [current])).resolves.toBe(true);
    });

    it('rotates: previous goes, current becomes previous, next becomes current, and a new next is endorsed by the new current', async () => {
      const pinned = a.keys.jwks();
      const before = await a.keys.ensureKeys();
      const rotated = await a.keys.rotate();

      expect(rotated).toEqual({ previous: before.current, current: before.next, next: expect.any(String), retired: null });
      expect(await statesInDb()).toEqual({ previous: [before.current], current: [before.next], next: [rotated.next] });
      const promoted = await prisma.signingKey.findUniqueOrThrow({ where: { kid: rotated.current } });
      expect(promoted.activatedAt).toBeInstanceOf(Date);

      const jwks = a.keys.jwks();
      expect(jwks.keys.map((k) => [k.status, k.kid])).toEqual([
        ['current', rotated.current],
        ['next', rotated.next],
        ['previous', rotated.previous],
      ]);
      await expect(verifyEndorsement(byStatus(jwks, 'next'), [byStatus(jwks, 'current')])).resolves.toBe(true);
      await expect(verifyEndorsement(byStatus(jwks, 'next'), [byStatus(jwks, 'previous')])).resolves.toBe(false);
      // A device that pinned the keys before the rotation trusts every key after it.
      const trusted = await resolveTrustedKeys(pinned.keys, jwks);
      expect(trusted.map((k) => k.kid).sort()).toEqual(expect.arrayContaining(jwks.keys.map((k) => k.kid)));
      expect(await prisma.auditEntry.count({ where: { action: 'signing-key.rotate', targetId: rotated.current } })).toBe(1);
    });

    it('keeps a snapshot signed before a rotation verifiable with the JWKS after it', async () => {
      const old = a.signer.sign(DEVICE, 1, { 'xiaomi.camera-stream': { enabled: false } });
      const rotated = await a.keys.rotate();
      expect(old.kid).toBe(rotated.previous);

      const after = a.keys.jwks();
      await expect(verifySnapshot(old.jws, after)).resolves.toMatchObject({ payload: { rev: 1, sub: DEVICE } });
      const fresh = a.signer.sign(DEVICE, 2, { 'xiaomi.camera-stream': { enabled: false } });
      expect(fresh.kid).toBe(rotated.current);
      await expect(verifySnapshot(fresh.jws, after)).resolves.toMatchObject({ payload: { rev: 2 } });
    });

    it('retires the oldest key on the second rotation: gone from the JWKS, private key erased', async () => {
      const states = await statesInDb();
      expect(states.retired).toHaveLength(1);
      const [retired] = states.retired;
      const row = await prisma.signingKey.findUniqueOrThrow({ where: { kid: retired } });
      expect(row.retiredAt).toBeInstanceOf(Date);
      expect(row.privateKey).toBe('');
      expect(a.keys.jwks().keys.map((k) => k.kid)).not.toContain(retired);
      expect(a.keys.jwks().keys).toHaveLength(3);
    });

    it('lets another process sign with its old key until refresh(), then with the new one', async () => {
      const stale = b.keys.currentKid;
      expect(stale).not.toBe(a.keys.currentKid);
      // b loaded its keys before two rotations: its key is retired now, which is why every process must refresh on rotation.
      expect(b.keys.jwks().keys.map((k) => k.kid)).toContain(stale);
      expect(a.keys.jwks().keys.map((k) => k.kid)).not.toContain(stale);
      await b.keys.refresh();
      expect(b.keys.currentKid).toBe(a.keys.currentKid);
      expect(b.keys.jwks()).toEqual(a.keys.jwks());
    });

    it('serves the JWKS publicly, cacheable, in a form jose uses directly', async () => {
      const response = await a.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=300');
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const served = JSON.parse(response.body) as Jwks;
      expect(served).toEqual(a.keys.jwks());
      for (const key of served.keys) {
        expect(key).toEqual({
          kty: 'OKP',
          crv: 'Ed25519',
          x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          alg: 'EdDSA',
          use: 'sig',
          status: expect.stringMatching(/^(previous|current|next)$/),
          endorsement: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        });
      }
      const snapshot = a.signer.sign(DEVICE, 3, {});
      await expect(verifySnapshot(snapshot.jws, served)).resolves.toBeDefined();
      expect(Reflect.getMetadata(ACCESS_POLICY, JwksController.prototype.jwks)).toEqual({ kind: 'public' });
    });

    it('refuses to start without the key-encryption key once keys are sealed', async () => {
      await expect(startProcess({ keyEncryptionKey: undefined })).rejects.toThrow(/is encrypted: set KILLSWITCH_KEY_ENCRYPTION_KEY/);
      await expect(startProcess({ keyEncryptionKey: randomBytes(32).toString('hex') })).rejects.toThrow(/cannot be decrypted/);
    });

    it('rotates with only a database URL (killswitch keys rotate), returning the new kids, audited as the operator', async () => {
      const before = await a.keys.ensureKeys();
      const rotated = await rotateSigningKeys({ databaseUrl: process.env.DATABASE_URL!, keyEncryptionKey: KEK, reason: 'scheduled rotation', operator: 'ops' });
      expect(rotated).toEqual({ previous: before.current, current: before.next, next: expect.any(String), retired: before.previous });
      const entry = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'signing-key.rotate', targetId: rotated.current } });
      expect(entry.actor).toBe('system:rotate-keys (os user ops)');
      expect(entry.reason).toBe('scheduled rotation');
      await a.keys.refresh();
      expect(a.keys.currentKid).toBe(rotated.current);
    });
  });

  describe('keys stored in the clear (before a key-encryption key was set)', () => {
    beforeAll(async () => {
      await prisma.signingKey.deleteMany();
    });

    it('are sealed in place at the first start with a key-encryption key: same kids, same keys, audited', async () => {
      const plain = await start({ keyEncryptionKey: undefined });
      const before = await prisma.signingKey.findMany({ orderBy: { kid: 'asc' } });
      expect(before).toHaveLength(2);
      for (const row of before) expect(row.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);

      const sealedProcess = await start({ keyEncryptionKey: KEK });
      const after = await prisma.signingKey.findMany({ orderBy: { kid: 'asc' } });
      expect(after.map((row) => [row.kid, row.state])).toEqual(before.map((row) => [row.kid, row.state]));
      for (const row of after) expect(isSealed(row.privateKey)).toBe(true);
      expect(await prisma.auditEntry.count({ where: { action: 'signing-key.seal', targetId: { in: before.map((row) => row.kid) } } })).toBe(2);
      expect(sealedProcess.keys.currentKid).toBe(plain.keys.currentKid);
      await expect(verifySnapshot(sealedProcess.signer.sign(DEVICE, 1, {}).jws, plain.keys.jwks())).resolves.toBeDefined();
    });

    it('leave a copy of the database no private key to sign snapshots with', async () => {
      const rows = await prisma.signingKey.findMany({ where: { state: { not: 'retired' } } });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(() => createPrivateKey(row.privateKey)).toThrow();
      expect(await prisma.$queryRaw`SELECT count(*)::int AS n FROM signing_keys WHERE "privateKey" LIKE '%PRIVATE KEY%'`).toEqual([{ n: 0 }]);
    });

    it('stop a start with another key-encryption key, or none, with one clear line, and no new keys are made', async () => {
      const before = await prisma.signingKey.findMany({ orderBy: { kid: 'asc' } });
      await expect(startProcess({ keyEncryptionKey: randomBytes(32).toString('base64url') })).rejects.toThrow(
        /^signing key \S+ cannot be decrypted: wrong KILLSWITCH_KEY_ENCRYPTION_KEY, .*no new keys are made in their place\)$/,
      );
      await expect(startProcess({ keyEncryptionKey: undefined })).rejects.toThrow(/^signing key \S+ is encrypted: set KILLSWITCH_KEY_ENCRYPTION_KEY/);
      expect(await prisma.signingKey.findMany({ orderBy: { kid: 'asc' } })).toEqual(before);
    });
  });
});
