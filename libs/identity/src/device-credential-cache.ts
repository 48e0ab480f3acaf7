import { Injectable, OnModuleInit } from '@nestjs/common';
import { BatchLoader, ChangeListener, ReadReplica } from '@killswitch/db';
import { DevicePrincipal } from './principal';
import { SECRET_PREFIX, bearerOf, hashSecret } from './secrets';

/** Unknown credentials are remembered briefly so a flood of bad tokens cannot hammer the database. */
const NEGATIVE_TTL_MS = 30_000;
const MAX_NEGATIVE = 100_000;
const MAX_TOKENS = 2_000_000;
/** Reads of one credential while its device keeps changing, before answering without caching. */
const MAX_READS = 3;

/**
 * Device credentials in memory: the device poll authenticates with a SHA-256
 * and a Map lookup. A rotation or decommission anywhere sends a 'device'
 * change notice, which drops that device's entries on every instance.
 */
@Injectable()
export class DeviceCredentialCache implements OnModuleInit {
  private readonly byHash = new Map<string, DevicePrincipal>();
  /** Every hash cached for a device: after a rotation an instance may briefly hold the old and the new one. */
  /** One hash, or (between a rotation's old and new credential) a few: a Set per device would cost ~200 bytes each. */
  private readonly hashesByDevice = new Map<string, string | string[]>();
  private readonly unknown = new Map<string, number>();
  /** token → its entry in byHash; valid only while byHash still holds that very principal. */
  private readonly byToken = new Map<string, { hash: string; principal: DevicePrincipal }>();
  /** Database reads under way, and the devices forgotten while any was: such a read may predate the revocation. */
  private readsInFlight = 0;
  private readonly forgottenDuringReads = new Set<string>();
  private clears = 0;
  /** Credentials not in memory are read in batches: a fleet's first polls after a restart arrive together. */
  private readonly rows = new BatchLoader((hashes: string[]) => this.readRows(hashes));

  constructor(
    private readonly db: ReadReplica,
    private readonly changes: ChangeListener,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.changes.followDevices(this);
  }

  /**
   * The principal of a credential already in memory; undefined means: ask
   * resolve(). Keyed by the token itself on this path, so a poll skips even
   * the SHA-256 (the token is in this process's memory for the request anyway).
   */
  cached(token: string): DevicePrincipal | undefined {
    const hit = this.byToken.get(token);
    if (hit && this.byHash.get(hit.hash) === hit.principal) return hit.principal;
    const hash = hashSecret(token);
    const principal = this.byHash.get(hash);
    if (principal) {
      if (this.byToken.size >= MAX_TOKENS) this.byToken.clear();
      this.byToken.set(token, { hash, principal });
    }
    return principal;
  }

  /**
   * The device principal of an `Authorization: Bearer <device credential>` header whose credential is
   * in memory: the look-up of every device request's fast path. Undefined for no header, another kind
   * of credential, or one not in memory: the request then takes the route's usual authentication.
   */
  principalFromHeader(authorization: string | undefined): DevicePrincipal | undefined {
    const token = bearerOf(authorization);
    return token?.startsWith(SECRET_PREFIX.device) ? this.cached(token) : undefined;
  }

  async resolve(token: string): Promise<DevicePrincipal | undefined> {
    const hash = hashSecret(token);
    const hit = this.byHash.get(hash);
    if (hit) return hit;
    const refusedAt = this.unknown.get(hash);
    if (refusedAt !== undefined && Date.now() - refusedAt < NEGATIVE_TTL_MS) return undefined;

    for (let attempt = 1; ; attempt++) {
      const { row, stale } = await this.read(hash);
      if (!row || row.revokedAt || row.device.decommissionedAt) {
        if (this.unknown.size >= MAX_NEGATIVE) this.unknown.clear();
        this.unknown.set(hash, Date.now());
        return undefined;
      }
      // A rotation or decommission of this device committed while we read: read again, after it.
      if (stale && attempt < MAX_READS) continue;
      const principal: DevicePrincipal = { kind: 'device', deviceId: row.deviceId, credentialId: row.id };
      if (stale) return principal; // read after the latest notice, but not kept: the next one may already be on its way
      this.byHash.set(hash, principal);
      const hashes = this.hashesByDevice.get(row.deviceId);
      if (hashes === undefined) this.hashesByDevice.set(row.deviceId, hash);
      else if (typeof hashes === 'string') {
        if (hashes !== hash) this.hashesByDevice.set(row.deviceId, [hashes, hash]);
      } else if (!hashes.includes(hash)) hashes.push(hash);
      return principal;
    }
  }

  /**
   * One database read of a credential. `stale` says a change notice for its device (or a resync)
   * came while it ran: the row may have been read before that change committed, so caching it
   * would keep a revoked credential alive on this instance. From the read replica only when it had
   * replayed every change of the device this instance was told about (ReadReplica.readDevice).
   */
  private async read(hash: string) {
    const clears = this.clears;
    this.readsInFlight++;
    try {
      const row = (await this.rows.get(hash)) ?? null;
      return { row, stale: this.clears !== clears || (row !== null && this.forgottenDuringReads.has(row.deviceId)) };
    } finally {
      if (--this.readsInFlight === 0) this.forgottenDuringReads.clear();
    }
  }

  /** From the read replica only where it had replayed every change of the device this instance was told about. */
  private async readRows(hashes: string[]) {
    const rows = await this.db.readDeviceRows(
      hashes,
      (db, keys) => db.deviceCredential.findMany({ where: { hash: { in: keys } }, include: { device: { select: { decommissionedAt: true } } } }),
      (row) => row.hash,
      (row) => row.deviceId,
    );
    return new Map(rows.map((row) => [row.hash, row]));
  }

  forget(deviceId: string): void {
    const hashes = this.hashesByDevice.get(deviceId);
    for (const hash of typeof hashes === 'string' ? [hashes] : (hashes ?? [])) this.byHash.delete(hash);
    this.hashesByDevice.delete(deviceId);
    if (this.readsInFlight > 0) this.forgottenDuringReads.add(deviceId);
    // A new credential for this device may have been refused a moment ago.
    this.unknown.clear();
  }

  clear(): void {
    this.clears++;
    this.byToken.clear();
    this.byHash.clear();
    this.hashesByDevice.clear();
    this.unknown.clear();
  }
}
