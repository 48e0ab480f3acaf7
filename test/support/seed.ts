import { PrismaClient } from '@killswitch/db';
import { versionKey } from '@killswitch/evaluation';

/**
 * Devices straight into the database (as the benchmarks do), each linked to
 * one product of `integration` on `vendorFirmware`. Returns nothing: the
 * tests count through SQL.
 */
export async function seedDevices(prisma: PrismaClient, count: number, integration: string, vendorFirmware: string): Promise<void> {
  const vendor = integration.split('.')[0];
  await prisma.$executeRaw`
    WITH created AS (
      INSERT INTO devices (id, model, firmware, "firmwareKey", "updatedAt")
      SELECT gen_random_uuid(), 'hub', '1.0', ${versionKey('1.0')}, now() FROM generate_series(1, ${count})
      RETURNING id
    )
    INSERT INTO device_inventory_items ("deviceId", vendor, integration, "vendorModel", "vendorFirmware", "vendorFirmwareKey")
    SELECT id, ${vendor}, ${integration}, 'mijia-cam-360', ${vendorFirmware}, ${versionKey(vendorFirmware)} FROM created`;
}
