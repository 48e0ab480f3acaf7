import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { ChangeListener, PrismaService, notifyChange } from '@killswitch/db';
import { InventoryItemDto, assertInCatalogue, inventoryRows } from '@killswitch/devices';
import { AppError } from '@killswitch/http';
import { RequestContext } from '@killswitch/identity';

/** A device reports the complete list of its linked products; the stored list is replaced, once the catalogue has them all. */
@Injectable()
export class InventoryService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly changes: ChangeListener,
  ) {}

  async replace(ctx: RequestContext, deviceId: string, items: InventoryItemDto[]): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const device = await tx.device.findUnique({ where: { id: deviceId }, include: { inventory: true } });
      if (!device || device.decommissionedAt) throw new AppError('unauthenticated', 'this device is decommissioned');
      await assertInCatalogue(tx, items);
      await tx.deviceInventoryItem.deleteMany({ where: { deviceId } });
      const rows = inventoryRows(deviceId, items);
      if (rows.length > 0) await tx.deviceInventoryItem.createMany({ data: rows });
      await tx.device.update({ where: { id: deviceId }, data: { inventoryAt: new Date() } });
      await this.audit.record(tx, ctx, {
        action: 'device.inventory.report',
        target: { type: 'device', id: deviceId },
        before: device.inventory.map(({ integration, vendorModel, vendorFirmware }) => ({ integration, vendorModel, vendorFirmware })),
        after: rows.map(({ integration, vendorModel, vendorFirmware }) => ({ integration, vendorModel, vendorFirmware })),
      });
      await notifyChange(tx, { kind: 'device', deviceId });
    });
    await this.changes.publishLocal({ kind: 'device', deviceId });
  }
}
