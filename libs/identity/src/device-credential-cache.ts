import { Injectable, OnModuleInit } from '@nestjs/common';
import { ChangeListener, PrismaService } from '@killswitch/db';
import { DevicePrincipal } from './principal';
import { hashSecret } from './secrets';

/** Unknown credentials are remembered briefly so a flood of bad tokens cannot hammer the database. */
const NEGATIVE_TTL_MS = 30_000;
const MAX_NEGATIVE = 100_000;
const MAX_TOKENS = 2_000_000;

/**
 * Device credentials in memory: the device poll authenticates with a SHA-256
 * and a Map lookup. A rotation or decommission anywhere sends a 'device'
 * change notice, which drops that device's entries on every instance.
 */
@Injectable()
export class DeviceCredentialCache implements OnModuleInit {
  private readonly byHash = new Map<string, DevicePrincipal>();
  private readonly hashesByDevice = new Map<string, string>();
  private readonly unknown = new Map<string, number>();
  /** token → its entry in byHash; valid only while byHash still holds that very principal. */
  private readonly byToken = new Map<string, { hash: string; principal: DevicePrincipal }>();

  constructor(
    private readonly prisma: PrismaService,
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

  async resolve(token: string): Promise<DevicePrincipal | undefined> {
    const hash = hashSecret(token);
    const hit = this.byHash.get(hash);
    if (hit) return hit;
    const refusedAt = this.unknown.get(hash);
    if (refusedAt !== undefined && Date.now() - refusedAt < NEGATIVE_TTL_MS) return undefined;

    const row = await this.prisma.deviceCredential.findUnique({ where: { hash }, include: { device: { select: { decommissionedAt: true } } } });
    if (!row || row.revokedAt || row.device.decommissionedAt) {
      if (this.unknown.size >= MAX_NEGATIVE) this.unknown.clear();
      this.unknown.set(hash, Date.now());
      return undefined;
    }
    const principal: DevicePrincipal = { kind: 'device', deviceId: row.deviceId, credentialId: row.id };
    this.byHash.set(hash, principal);
    this.hashesByDevice.set(row.deviceId, hash);
    return principal;
  }

  forget(deviceId: string): void {
    const hash = this.hashesByDevice.get(deviceId);
    if (hash) this.byHash.delete(hash);
    this.hashesByDevice.delete(deviceId);
    // A new credential for this device may have been refused a moment ago.
    this.unknown.clear();
  }

  clear(): void {
    this.byToken.clear();
    this.byHash.clear();
    this.hashesByDevice.clear();
    this.unknown.clear();
  }
}
