import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { Actor, AuditService } from '@killswitch/audit';
import { PrismaService, SigningKey, SigningKeyState, Tx, notifyChange } from '@killswitch/db';
import { enqueue } from '@killswitch/queue';
import { AppError } from '@killswitch/http';
import { endorseKey } from './key-endorsement';
import { isSealed, openPrivateKey, parseKeyEncryptionKey, sealPrivateKey } from './key-encryption';
import { ActiveSigningKey, Jwks, PublishedJwk, SigningKeyStatus, parsePublicJwk, publicJwkOf } from './jwk';
import { SNAPSHOT_OPTIONS, SnapshotOptions } from './snapshot-options';

/** Serialises key creation and rotation across every process. */
const SIGNING_KEYS_LOCK_KEY = 727_003;
const SYSTEM: Actor = { type: 'system', label: 'system:signing-keys' };
const PUBLISHED: readonly SigningKeyStatus[] = ['current', 'next', 'previous'];

export interface SigningKids {
  previous: string | null;
  current: string;
  next: string;
}

export interface RotationResult extends SigningKids {
  /** The key that left the JWKS (the previous one before this rotation), if any. */
  retired: string | null;
}

interface KeyRows {
  previous?: SigningKey;
  current: SigningKey;
  next: SigningKey;
}

/**
 * The snapshot signing keys: `current` signs, `next` is published ahead of use
 * (endorsed by current) so devices know it before it signs, `previous` stays
 * published so snapshots it signed keep verifying until they expire.
 * Rows live in PostgreSQL; each process holds the current private key and the
 * JWKS in memory, reloaded by refresh() when any process rotates.
 *
 * kid = RFC 7638 thumbprint of the public key (see jwk.ts).
 */
@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly kek: Buffer | undefined;
  private active?: ActiveSigningKey;
  private published?: Jwks;
  private refreshGeneration = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    @Inject(SNAPSHOT_OPTIONS) options: SnapshotOptions,
  ) {
    this.kek = options.keyEncryptionKey ? parseKeyEncryptionKey(options.keyEncryptionKey) : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureKeys();
    // Said once the keys are in hand, so a start that fails for another reason says only that reason.
    if (!this.kek) this.logger.warn('KILLSWITCH_KEY_ENCRYPTION_KEY is not set: snapshot signing keys are stored in the clear');
  }

  /** Creates the first current and next keys if there are none (any number of processes at once), then loads them. */
  async ensureKeys(): Promise<SigningKids> {
    const rows = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEYS_LOCK_KEY})`;
      return this.ensureIn(tx);
    });
    await this.refresh();
    return kidsOf(rows);
  }

  /**
   * previous → retired (its private key erased), current → previous,
   * next → current, and a new next endorsed by the new current; one
   * transaction, audited. This process signs with the new key at once; others
   * keep signing with the old one (still published) until their refresh().
   */
  async rotate(actor: Actor = SYSTEM, reason?: string): Promise<RotationResult> {
    const result = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEYS_LOCK_KEY})`;
      const before = await this.ensureIn(tx);
      const now = new Date();
      if (before.previous) {
        await tx.signingKey.update({ where: { kid: before.previous.kid }, data: { state: SigningKeyState.retired, retiredAt: now, privateKey: '' } });
      }
      await tx.signingKey.update({ where: { kid: before.current.kid }, data: { state: SigningKeyState.previous } });
      await tx.signingKey.update({ where: { kid: before.next.kid }, data: { state: SigningKeyState.current, activatedAt: now } });
      const next = await this.createKey(tx, SigningKeyState.next, this.signerOf(before.next));
      const rotated: RotationResult = { previous: before.current.kid, current: before.next.kid, next: next.kid, retired: before.previous?.kid ?? null };
      await this.audit.record(
        tx,
        { actor },
        { action: 'signing-key.rotate', target: { type: 'signing-key', id: rotated.current }, before: kidsOf(before), after: rotated, reason },
      );
      await enqueue(tx, 'signing-key.rotated', { at: now.toISOString(), actor, requestId: null, ...rotated, reason: reason ?? null });
      // Every API instance reloads its signing key and JWKS when this commits.
      await notifyChange(tx, { kind: 'keys' });
      return rotated;
    });
    await this.refresh();
    this.logger.log(`rotated snapshot signing keys: current ${result.current}, next ${result.next}`);
    return result;
  }

  /** Reloads the current private key and the JWKS from the database. */
  async refresh(): Promise<void> {
    const generation = ++this.refreshGeneration;
    const rows = await this.prisma.signingKey.findMany({ where: { state: { in: [...PUBLISHED] } } });
    const current = rows.find((row) => row.state === SigningKeyState.current);
    if (!current) throw new Error('there is no current snapshot signing key: call ensureKeys() first');
    const active = this.signerOf(current);
    const keys = rows
      .map((row): PublishedJwk => ({
        ...parsePublicJwk(row.publicJwk),
        status: row.state as SigningKeyStatus,
        ...(row.endorsement ? { endorsement: row.endorsement } : {}),
      }))
      .sort((a, b) => PUBLISHED.indexOf(a.status) - PUBLISHED.indexOf(b.status));
    // Two refreshes racing (two notifications in a row) must not leave the older read in place.
    if (generation !== this.refreshGeneration) return;
    this.active = active;
    this.published = { keys };
  }

  /** The key snapshots are signed with now. */
  activeKey(): ActiveSigningKey {
    if (!this.active) throw new AppError('unavailable', 'snapshot signing keys are not loaded yet');
    return this.active;
  }

  get currentKid(): string {
    return this.activeKey().kid;
  }

  /** The published keys: current, next and previous, each with its status and endorsement. */
  jwks(): Jwks {
    if (!this.published) throw new AppError('unavailable', 'snapshot signing keys are not loaded yet');
    return this.published;
  }

  /**
   * Under the lock: makes sure a current and a next key exist, and returns the
   * published rows. Every stored key must open with this process's
   * key-encryption key: a wrong one stops start-up here, before anything new is
   * made. Keys stored in the clear (before a key-encryption key was set) are
   * sealed in place, so a copy of the database holds no usable private key.
   */
  private async ensureIn(tx: Tx): Promise<KeyRows> {
    const rows = await tx.signingKey.findMany({ where: { state: { in: [...PUBLISHED] } } });
    for (const [index, row] of rows.entries()) {
      const signer = this.signerOf(row);
      if (this.kek && !isSealed(row.privateKey)) rows[index] = await this.seal(tx, row, signer);
    }
    const one = (state: SigningKeyState): SigningKey | undefined => {
      const matching = rows.filter((row) => row.state === state);
      if (matching.length > 1) throw new Error(`signing keys are inconsistent: ${matching.length} keys are ${state}`);
      return matching[0];
    };
    const previous = one(SigningKeyState.previous);
    let current = one(SigningKeyState.current);
    let next = one(SigningKeyState.next);
    if (!current) {
      if (next || previous) throw new Error('signing keys are inconsistent: no current key, but a next or previous one');
      current = await this.createKey(tx, SigningKeyState.current);
    }
    next ??= await this.createKey(tx, SigningKeyState.next, this.signerOf(current));
    return { previous, current, next };
  }

  /** A new Ed25519 key; a next key is endorsed by the current one. */
  private async createKey(tx: Tx, state: SigningKeyState, endorser?: ActiveSigningKey): Promise<SigningKey> {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = publicJwkOf(privateKey);
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const row = await tx.signingKey.create({
      data: {
        kid: jwk.kid,
        state,
        publicJwk: { ...jwk },
        privateKey: sealPrivateKey(pem, jwk.kid, this.kek),
        activatedAt: state === SigningKeyState.current ? new Date() : null,
        endorsement: endorser ? endorseKey(jwk, endorser) : null,
      },
    });
    await this.audit.record(
      tx,
      { actor: SYSTEM },
      {
        action: 'signing-key.create',
        target: { type: 'signing-key', id: jwk.kid },
        after: { kid: jwk.kid, state, endorsedBy: endorser?.kid ?? null, encrypted: this.kek !== undefined },
      },
    );
    return row;
  }

  /** Replaces a key stored in the clear by its sealed form; the key itself (and its kid) stays the same. */
  private async seal(tx: Tx, row: SigningKey, signer: ActiveSigningKey): Promise<SigningKey> {
    const kek = this.kek as Buffer;
    const pem = signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sealed = await tx.signingKey.update({ where: { kid: row.kid }, data: { privateKey: sealPrivateKey(pem, row.kid, kek) } });
    await this.audit.record(
      tx,
      { actor: SYSTEM },
      {
        action: 'signing-key.seal',
        target: { type: 'signing-key', id: row.kid },
        before: { encrypted: false },
        after: { encrypted: true },
        reason: 'stored in the clear before KILLSWITCH_KEY_ENCRYPTION_KEY was set',
      },
    );
    this.logger.log(`sealed snapshot signing key ${row.kid}, stored in the clear until now`);
    return sealed;
  }

  /** The row's private key, checked against its published public key. */
  private signerOf(row: SigningKey): ActiveSigningKey {
    const privateKey = createPrivateKey(openPrivateKey(row.privateKey, row.kid, this.kek));
    const expected = parsePublicJwk(row.publicJwk);
    const actual = publicJwkOf(privateKey);
    if (actual.x !== expected.x || actual.kid !== row.kid) throw new Error(`signing key ${row.kid}: the private key does not match its public key`);
    return { kid: row.kid, privateKey };
  }
}

function kidsOf(rows: KeyRows): SigningKids {
  return { previous: rows.previous?.kid ?? null, current: rows.current.kid, next: rows.next.kid };
}
