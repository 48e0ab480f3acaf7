import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import {
  CURSOR_KEY,
  ChangeListener,
  DEFAULT_PAGE_SIZE,
  Device,
  DeviceChangeNotice,
  DeviceInventoryItem,
  Prisma,
  PrismaService,
  ReadReplica,
  Tx,
  decodeCursor,
  escapeLike,
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
  const { id, model, firmware, region, cohort, externalId, enrolledAt, decommissionedAt, lastSeenAt } = device;
  const inventory = device.inventory.map(({ integration, vendorModel, vendorFirmware }) => ({ integration, vendorModel, vendorFirmware }));
  return { id, model, firmware, region, cohort, externalId, enrolledAt, decommissionedAt, lastSeenAt, inventory };
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `q`: the device whose id it is, or devices whose externalId starts with it; LIKE's wildcards match only themselves. */
export function searchWhere(q: string | undefined): Prisma.DeviceWhereInput {
  if (q === undefined) return {};
  const prefix = { externalId: { startsWith: escapeLike(q) } };
  return UUID.test(q) ? { OR: [{ id: q.toLowerCase() }, prefix] } : prefix;
}

/**
 * Every inventory item names an integration and a vendor model of its vendor that the catalogue has: checked at
 * enrollment and on every report a device makes (PUT /v1/device/inventory), so a made-up link never counts in a kill.
 */
export async function assertInCatalogue(tx: Tx, items: InventoryItemDto[]): Promise<void> {
  if (items.length === 0) return;
  const keys = [...new Set(items.map((item) => item.integration))];
  const known = await tx.integration.findMany({ where: { key: { in: keys } }, select: { key: true, vendorId: true } });
  const vendorOfKey = new Map(known.map((i) => [i.key, i.vendorId]));
  const missing = keys.filter((key) => !vendorOfKey.has(key));
  if (missing.length) {
    const details = missing.map((key) => `integration ${key} is not in the catalogue`);
    throw new AppError('invalid_input', `inventory names unknown integrations: ${missing.join(', ')}`, details, 'unknown_integration');
  }
  const models = await tx.vendorModel.findMany({
    where: { OR: items.map((item) => ({ vendorId: vendorOfKey.get(item.integration), slug: item.vendorModel })) },
    select: { vendorId: true, slug: true },
  });
  const knownModels = new Set(models.map((m) => `${m.vendorId}/${m.slug}`));
  const unknown = items.filter((item) => !knownModels.has(`${vendorOfKey.get(item.integration)}/${item.vendorModel}`));
  if (unknown.length) {
    const details = unknown.map((item) => `vendor model ${item.vendorModel} is not in the catalogue for ${item.integration.split('.')[0]}`);
    throw new AppError(
      'invalid_input',
      `inventory names unknown vendor models: ${unknown.map((i) => i.vendorModel).join(', ')}`,
      details,
      'unknown_integration',
    );
  }
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
    /** The device list may be a moment stale: the read replica serves it when there is one. */
    private readonly replica: ReadReplica,
  ) {}

  async enroll(ctx: RequestContext, dto: EnrollDeviceDto): Promise<EnrolledDevice> {
    return this.prisma.$transaction(async (tx) => {
      if (dto.inventory) await assertInCatalogue(tx, dto.inventory);
      if (dto.externalId !== undefined && (await tx.device.findUnique({ where: { externalId: dto.externalId }, select: { id: true } }))) {
        throw new AppError('conflict', `a device with externalId ${dto.externalId} is already enrolled`, undefined, 'already_exists');
      }
      const device = await tx.device.create({
        data: {
          model: dto.model,
          firmware: dto.firmware,
          firmwareKey: versionKey(dto.firmware),
          region: dto.region,
          cohort: dto.cohort,
          externalId: dto.externalId,
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
    const rows = await this.replica.read((db) =>
      db.device.findMany({
        where: { model: query.model, region: query.region, cohort: query.cohort, ...searchWhere(query.q), ...(after ? { id: { gt: after } } : {}) },
        include: { inventory: true },
        orderBy: { id: 'asc' },
        take: limit + 1,
      }),
    );
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
