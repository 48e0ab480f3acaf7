import { Injectable, OnModuleInit } from '@nestjs/common';
import { ChangeListener, ReadReplica } from '@killswitch/db';
import { EvaluatedDevice } from '@killswitch/evaluation';

export interface CachedDevice extends EvaluatedDevice {
  /** Raised each time this device's facts are loaded again. */
  version: number;
}

/**
 * Each polling device's record and inventory, loaded once and kept until a
 * change notice for that device. Bounded: past the limit the oldest entry goes.
 */
@Injectable()
export class DeviceFactsCache implements OnModuleInit {
  private readonly devices = new Map<string, CachedDevice>();
  private readonly loading = new Map<string, Promise<CachedDevice | undefined>>();
  private version = 0;
  readonly limit = 1_000_000;

  constructor(
    private readonly db: ReadReplica,
    private readonly changes: ChangeListener,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.changes.followDevices(this);
  }

  /** undefined for a device that no longer exists or was decommissioned. */
  get(deviceId: string): CachedDevice | Promise<CachedDevice | undefined> {
    const hit = this.devices.get(deviceId);
    if (hit) return hit;
    let pending = this.loading.get(deviceId);
    if (!pending) {
      pending = this.load(deviceId).finally(() => this.loading.delete(deviceId));
      this.loading.set(deviceId, pending);
    }
    return pending;
  }

  /** The cached facts, without loading. */
  peek(deviceId: string): CachedDevice | undefined {
    return this.devices.get(deviceId);
  }

  forget(deviceId: string): void {
    this.devices.delete(deviceId);
  }

  clear(): void {
    this.devices.clear();
  }

  /** From the read replica only when it had replayed every change of this device this instance was told about. */
  private async load(deviceId: string): Promise<CachedDevice | undefined> {
    const row = await this.db.readDevice(
      (db) =>
        db.device.findUnique({
          where: { id: deviceId },
          select: {
            id: true,
            model: true,
            firmware: true,
            region: true,
            cohort: true,
            decommissionedAt: true,
            inventory: { select: { integration: true, vendorModel: true, vendorFirmware: true } },
          },
        }),
      (found) => found?.id,
    );
    if (!row || row.decommissionedAt) return undefined;
    const device: CachedDevice = {
      id: row.id,
      model: row.model,
      firmware: row.firmware,
      region: row.region,
      cohort: row.cohort,
      inventory: row.inventory,
      version: ++this.version,
    };
    if (this.devices.size >= this.limit) this.devices.delete(this.devices.keys().next().value as string);
    this.devices.set(deviceId, device);
    return device;
  }
}
