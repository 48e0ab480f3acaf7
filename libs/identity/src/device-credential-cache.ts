import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash } from 'node:crypto';
import { BatchLoader, ChangeListener, ReadReplica, Statement } from '@killswitch/db';
import { DevicePrincipal } from './principal';
import { CredentialStore } from './credential-store';
import { SECRET_PREFIX, bearerOf, digestOfSecret } from './secrets';

/** Unknown credentials are remembered briefly so a flood of bad tokens cannot hammer the database. */
const NEGATIVE_TTL_MS = 30_000;
const MAX_NEGATIVE = 100_000;
/** Credentials held at once (a device holds one, or a few during a rotation); past it the oldest device's go. */
const MAX_CREDENTIALS = 2_000_000;
/** Reads of one credential while its device keeps changing, before answering without caching. */
const MAX_READS = 3;
/** A SHA-256 digest. */
const DIGEST_BYTES = 32;

/**
 * A live credential's device as the same statement reads it: its record, and its inventory as JSON of
 * [integration, vendorModel, vendorFirmware] triples. A device's first request needs both its credential
 * and these (the device API's facts cache), and one statement costs the database and this process half of two.
 */
export interface CredentialDeviceRow {
  deviceId: string;
  model: string;
  firmware: string;
  region: string | null;
  cohort: string | null;
  inventory: string;
  /** The device's lastSeenAt, ms since the epoch. */
  lastSeenMs: number | null;
}

/**
 * A credential's row as the cache reads it. Its inventory is null, and only then, for a revoked credential or a
 * decommissioned device (the statement says so in that one column: no flags of their own to read for each row).
 */
interface CredentialRow {
  id: string;
  deviceId: string;
  hash: string;
  model: string;
  firmware: string;
  region: string | null;
  cohort: string | null;
  inventory: string | null;
  lastSeenMs: number | null;
}

/** The credentials of these SHA-256 digests (hex), with, for a live one, its device's facts: $1 is the digests. */
const CREDENTIAL_ROWS: Statement = {
  name: 'device-credential-rows',
  text: `SELECT c.id::text AS id, c."deviceId"::text AS "deviceId", c.hash, d.model, d.firmware, d.region, d.cohort,
      (extract(epoch FROM d."lastSeenAt") * 1000)::float8 AS "lastSeenMs",
      CASE WHEN c."revokedAt" IS NULL AND d."decommissionedAt" IS NULL THEN
        (SELECT COALESCE(json_agg(json_build_array(i.integration, i."vendorModel", i."vendorFirmware")), '[]')::text
           FROM device_inventory_items i WHERE i."deviceId" = d.id) END AS inventory
    FROM device_credentials c JOIN devices d ON d.id = c."deviceId" WHERE c.hash = ANY($1::text[])`,
};

/**
 * Device credentials in memory: the device poll authenticates with a SHA-256
 * and a lookup in a compact store (CredentialStore: about a hundred bytes a
 * credential). A rotation or decommission anywhere sends a 'device' change
 * notice, which drops that device's entries on every instance; after a
 * rotation an instance may briefly hold the old and the new one.
 */
@Injectable()
export class DeviceCredentialCache implements OnModuleInit {
  private readonly store = new CredentialStore(MAX_CREDENTIALS);
  private readonly unknown = new Map<string, number>();
  /** Database reads under way, and the devices forgotten while any was: such a read may predate the revocation. */
  private readsInFlight = 0;
  private readonly forgottenDuringReads = new Set<string>();
  private clears = 0;
  /** Told each live credential's device as read with it, when the read is kept (see CredentialDeviceRow). */
  private deviceRead?: (row: CredentialDeviceRow) => void;
  /** Credentials not in memory are read in batches: a fleet's first polls after a restart arrive together. */
  private readonly rows = new BatchLoader((hashes: string[]) => this.readRows(hashes));
  /** The digest of the credential being looked up in memory, written in place: read by find() at once, never kept. */
  private readonly probe = Buffer.alloc(DIGEST_BYTES);

  constructor(
    private readonly db: ReadReplica,
    private readonly changes: ChangeListener,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.changes.followDevices(this);
  }

  /**
   * Hands each live credential's device, read in the same statement, to `listener` (the device API's facts
   * cache), when the read is kept: no change notice for that device and no resync came while it ran, so the
   * device's record is as current as its credential. A read that may predate a change is not handed on.
   */
  onDeviceRead(listener: (row: CredentialDeviceRow) => void): void {
    this.deviceRead = listener;
  }

  /** The principal of a credential already in memory; undefined means: ask resolve(). */
  cached(token: string): DevicePrincipal | undefined {
    return this.principalAt(this.store.find(this.probeOf(token)));
  }

  /**
   * The device principal of an `Authorization: Bearer <device credential>` header whose credential is
   * in memory: the look-up of every device request's fast path. Undefined for no header, another kind
   * of credential, or one not in memory: the request then takes the route's usual authentication.
   */
  principalFromHeader(authorization: string | undefined): DevicePrincipal | undefined {
    const token = deviceTokenOf(authorization);
    return token === undefined ? undefined : this.cached(token);
  }

  /**
   * The SHA-256 digest of the device credential an Authorization header carries (undefined for no
   * header or another kind of credential): for principalOfDigest, and for the refusal limiter's key of
   * the same credential (credentialKeyOfDigest), so a request's token is hashed once.
   */
  digestOfHeader(authorization: string | undefined): Buffer | undefined {
    const token = deviceTokenOf(authorization);
    return token === undefined ? undefined : digestOfSecret(token);
  }

  /** The principal of a credential in memory, by its digest (digestOfHeader); undefined means: ask resolve(). */
  principalOfDigest(digest: Buffer): DevicePrincipal | undefined {
    return this.principalAt(this.store.find(digest));
  }

  /**
   * Whether this credential is in memory: it authenticated on this instance and has not been revoked since (a
   * rotation or decommission drops it on every instance). The device routes' refusal limiter takes that as vouching.
   */
  holds(digest: Buffer): boolean {
    return this.store.find(digest) >= 0;
  }

  /**
   * The poll's look-up of such a header: the device id when its credential is in memory (all a poll needs);
   * on a miss, the credential's SHA-256 digest (its own copy), for resolveDigest, so that a device's first poll
   * hashes its token once; undefined for no header or another kind of credential.
   */
  deviceIdOrDigestFromHeader(authorization: string | undefined): string | Buffer | undefined {
    const token = deviceTokenOf(authorization);
    if (token === undefined) return undefined;
    const probe = this.probeOf(token);
    const slot = this.store.find(probe);
    return slot < 0 ? Buffer.from(probe) : this.store.deviceIdAt(slot);
  }

  resolve(token: string): Promise<DevicePrincipal | undefined> {
    return this.resolveDigest(digestOfSecret(token));
  }

  /**
   * resolve() of a credential whose SHA-256 digest is known (digestOfHeader, deviceIdOrDigestFromHeader): at once when
   * it is in memory or was refused lately, else after its batched read (BatchLoader).
   *
   * A change notice for its device (or a resync) that came while the read ran makes it stale: the row may have been
   * read before that change committed, so caching it would keep a revoked credential alive on this instance; it is
   * read again, up to MAX_READS times. From the read replica only when it had replayed every change of the device this
   * instance was told about (ReadReplica.readDevice).
   */
  async resolveDigest(digest: Buffer): Promise<DevicePrincipal | undefined> {
    const hit = this.principalAt(this.store.find(digest));
    if (hit) return hit;
    const hash = digest.toString('hex');
    const refusedAt = this.unknown.get(hash);
    if (refusedAt !== undefined && Date.now() - refusedAt < NEGATIVE_TTL_MS) return undefined;
    for (let attempt = 1; ; attempt++) {
      const clears = this.clears;
      this.readsInFlight++;
      let row: CredentialRow | null = null;
      let stale = false;
      try {
        row = (await this.rows.get(hash)) ?? null;
        // A rotation or decommission of this device committed while we read?
        stale = this.clears !== clears || (row !== null && this.forgottenDuringReads.has(row.deviceId));
      } finally {
        if (--this.readsInFlight === 0) this.forgottenDuringReads.clear();
      }
      if (!row || row.inventory === null) {
        if (this.unknown.size >= MAX_NEGATIVE) this.unknown.clear();
        this.unknown.set(hash, Date.now());
        return undefined;
      }
      // Read again, after that change.
      if (!stale || attempt >= MAX_READS) return this.principalRead(digest, row, stale);
    }
  }

  /** A live credential's principal, kept in memory (and its device handed on) unless its read was stale. */
  private principalRead(digest: Buffer, row: CredentialRow, stale: boolean): DevicePrincipal {
    const principal: DevicePrincipal = { kind: 'device', deviceId: row.deviceId, credentialId: row.id };
    if (stale) return principal; // read after the latest notice, but not kept: the next one may already be on its way
    this.store.set(digest, row.deviceId, row.id);
    // The row itself, not a copy of its device's fields: the listener reads them and keeps none of the row.
    if (this.deviceRead && isLive(row)) this.deviceRead(row);
    return principal;
  }

  /**
   * digestOfSecret() into `probe`: a 'buffer' digest is a new Buffer each call, about 1 µs of every device request's
   * fast path; a 'binary' (latin1) string is one character a byte, so writing it back gives the very bytes, for less.
   */
  private probeOf(token: string): Buffer {
    this.probe.write(hash('sha256', token, 'binary'), 0, DIGEST_BYTES, 'latin1');
    return this.probe;
  }

  private principalAt(slot: number): DevicePrincipal | undefined {
    if (slot < 0) return undefined;
    return { kind: 'device', deviceId: this.store.deviceIdAt(slot), credentialId: this.store.credentialIdAt(slot) };
  }

  /**
   * From the read replica only where it had replayed every change of the device this instance was told about.
   * One prepared statement through the pool, without the ORM: a fleet's first polls after a restart read a million of these.
   */
  private async readRows(hashes: string[]) {
    const rows = await this.db.readDeviceRows<string, CredentialRow>(
      hashes,
      CREDENTIAL_ROWS,
      (row) => row.hash,
      (row) => row.deviceId,
    );
    const byHash = new Map<string, CredentialRow>();
    for (const row of rows) byHash.set(row.hash, row);
    return byHash;
  }

  forget(deviceId: string): void {
    this.store.deleteDevice(deviceId);
    if (this.readsInFlight > 0) this.forgottenDuringReads.add(deviceId);
    // A new credential for this device may have been refused a moment ago.
    this.unknown.clear();
  }

  clear(): void {
    this.clears++;
    this.store.clear();
    this.unknown.clear();
  }
}

/** A live credential's row: a device's row with a credential's fields besides. */
function isLive(row: CredentialRow): row is CredentialRow & CredentialDeviceRow {
  return row.inventory !== null;
}

/** The device credential an Authorization header carries, if it carries one. */
function deviceTokenOf(authorization: string | undefined): string | undefined {
  const token = bearerOf(authorization);
  return token?.startsWith(SECRET_PREFIX.device) ? token : undefined;
}
