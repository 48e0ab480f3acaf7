import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import {
  CURSOR_KEY,
  ChangeListener,
  DEFAULT_PAGE_SIZE,
  Device,
  DeviceChangeNotice,
  DeviceInventoryItem,
  PrismaService,
  decodeCursor,
  toPage,
} from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { DeviceCredentialsService, RequestContext } from '@killswitch/identity';
import { versionKey } from '@killswitch/evaluation';
import { SigningKeysService } from '@killswitch/snapshots';
import { DeviceListQuery, DevicePage, DeviceView, EnrollDeviceDto, EnrolledDevice, RotatedCredential } from './dto/device.dto';
import { InventoryItemDto } from './dto/inventory-item.dto';

type DeviceWithInventory = Device & { inventory: DeviceInventoryItem[] };

export function deviceView(device: DeviceWithInventory): DeviceView {
  const { id, model, firmware, region, cohort, enrolledAt, decommissionedAt, lastSeenAt } = device;
  const inventory = device.inventory.map(({ integration, vendorModel, vendorFirmware }) => ({ integration, vendorModel, vendorFirmware }));
  return { id, model, firmware, region, cohort, enrolledAt, decommissionedAt, lastSeenAt, inventory };
}

/** Rows for the inventory table; the vendor is the integration key's prefix. */
export function inventoryRows(deviceId: string, items: InventoryItemDto[]) {
  const unique = new Map(items.map((item) => [`${item.integration}|${item.vendorModel}|${item.vendorFirmware}`, item]));
  return [...unique.values()].map((item) => ({
    deviceId,
    vendor: item.integration.split('.')[0],
    ...item,
    vendorFirmwareKey: versionKey(item.vendorFirmware),
  }));
}

/** Enrollment, listing, credential rotation and decommissioning of fleet devices. */
@Injectable()
export class DevicesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly credentials: DeviceCredentialsService,
    private readonly changes: ChangeListener,
    private readonly audit: AuditService,
    private readonly keys: SigningKeysService,
  ) {}

  async enroll(ctx: RequestContext, dto: EnrollDeviceDto): Promise<EnrolledDevice> {
    return this.prisma.$transaction(async (tx) => {
      const device = await tx.device.create({
        data: {
          model: dto.model,
          firmware: dto.firmware,
          firmwareKey: versionKey(dto.firmware),
          region: dto.region,
          cohort: dto.cohort,
          inventoryAt: dto.inventory ? new Date() : null,
        },
      });
      if (dto.inventory?.length) await tx.deviceInventoryItem.createMany({ data: inventoryRows(device.id, dto.inventory) });
      const { credential } = await this.credentials.issue(tx, device.id);
      const view = deviceView(await tx.device.findUniqueOrThrow({ where: { id: device.id }, include: { inventory: true } }));
      await this.audit.record(tx, ctx, { action: 'device.enroll', target: { type: 'device', id: device.id }, after: view });
      // The device pins these keys; later keys it trusts only through their endorsements.
      return { ...view, credential, jwks: this.keys.jwks() };
    });
  }

  async list(query: DeviceListQuery): Promise<DevicePage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.prisma.device.findMany({
      where: { model: query.model, region: query.region, cohort: query.cohort, ...(after ? { id: { gt: after } } : {}) },
      include: { inventory: true },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
    const page = toPage(rows, limit, (d) => d.id);
    return { items: page.items.map(deviceView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<DeviceView> {
    const device = await this.prisma.device.findUnique({ where: { id }, include: { inventory: true } });
    if (!device) throw new AppError('not_found', `device ${id} does not exist`);
    return deviceView(device);
  }

  /**
   * The old credential stops working at once: its cached principal and its open streams end here
   * before the answer, and on every other instance when the change notice reaches it.
   */
  async rotateCredential(ctx: RequestContext, id: string): Promise<RotatedCredential> {
    const { rotated, notice } = await this.prisma.$transaction(async (tx) => {
      const device = await tx.device.findUnique({ where: { id } });
      if (!device) throw new AppError('not_found', `device ${id} does not exist`);
      if (device.decommissionedAt) throw new AppError('conflict', `device ${id} is decommissioned`, undefined, 'device_decommissioned');
      const { credentialId, credential, notice } = await this.credentials.issue(tx, id);
      await this.audit.record(tx, ctx, { action: 'device.credential.rotate', target: { type: 'device', id }, after: { credentialId } });
      return { rotated: { id, credential }, notice };
    });
    await this.changes.publishLocal(notice);
    return rotated;
  }

  /** Like a rotation, with no credential left: the device's streams end and its credential is refused everywhere. */
  async decommission(ctx: RequestContext, id: string): Promise<void> {
    const notice: DeviceChangeNotice = await this.prisma.$transaction(async (tx) => {
      const device = await tx.device.findUnique({ where: { id } });
      if (!device) throw new AppError('not_found', `device ${id} does not exist`);
      if (device.decommissionedAt) throw new AppError('conflict', `device ${id} is already decommissioned`, undefined, 'device_decommissioned');
      const revoked = await this.credentials.revokeAll(tx, id);
      const after = await tx.device.update({ where: { id }, data: { decommissionedAt: new Date() } });
      await this.audit.record(tx, ctx, {
        action: 'device.decommission',
        target: { type: 'device', id },
        before: { decommissionedAt: null },
        after: { decommissionedAt: after.decommissionedAt },
      });
      return revoked;
    });
    await this.changes.publishLocal(notice);
  }
}
