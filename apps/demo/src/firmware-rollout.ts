/**
 * Xiaomi ships the fix: a share of the devices whose Mijia camera runs the
 * vulnerable firmware see it update and report their new inventory
 * (PUT /v1/device/inventory, with the device's own credential), as a device
 * does whenever its linked products change. The rest stay vulnerable.
 */
import { seededRandom } from '@killswitch/fleet-sim';
import { CAMERA_STREAM, FIXED_FIRMWARE, VULNERABLE_FIRMWARE } from './demo-catalogue';
import { DemoDevice, DemoFleet, cameraOf } from './demo-fleet';
import { inPool, reportInventory } from './device-requests';
import type { Narrator } from './narrator';

export interface Rollout {
  upgraded: DemoDevice[];
  stillVulnerable: DemoDevice[];
  startedAt: number;
  endedAt: number;
}

const REPORT_CONCURRENCY = 16;

export const onVulnerableFirmware = (device: DemoDevice) => cameraOf(device)?.vendorFirmware === VULNERABLE_FIRMWARE;

export async function rollOutFix(url: string, fleet: DemoFleet, share: number, seed: number, narrator: Narrator): Promise<Rollout> {
  const random = seededRandom(seed);
  const vulnerable = fleet.cameras.filter(onVulnerableFirmware);
  const upgrading = vulnerable.filter(() => random() < share);
  const startedAt = Date.now();
  const reporting = narrator.progress('updated');
  await inPool(
    upgrading,
    REPORT_CONCURRENCY,
    async (device) => {
      const inventory = device.inventory.map((item) => (item.integration === CAMERA_STREAM ? { ...item, vendorFirmware: FIXED_FIRMWARE } : item));
      await reportInventory(url, device.credential, inventory);
      device.inventory = inventory;
    },
    (done) => reporting.update(done, upgrading.length),
  );
  reporting.done();
  return { upgraded: upgrading, stillVulnerable: vulnerable.filter(onVulnerableFirmware), startedAt, endedAt: Date.now() };
}
