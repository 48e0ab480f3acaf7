/**
 * The proof on the devices' side: ask the API, as each camera-linked device
 * (GET /v1/device/flags with its own credential), whether Xiaomi camera
 * streaming is on. After the lift it must be on for every camera on fixed or
 * other firmware and off for every camera still on the vulnerable one.
 */
import { CAMERA_STREAM } from './demo-catalogue';
import type { DemoFleet } from './demo-fleet';
import { fetchFlags, inPool } from './device-requests';
import { onVulnerableFirmware } from './firmware-rollout';
import type { Narrator } from './narrator';

export interface CameraCheck {
  /** Cameras on fixed or other firmware: how many have streaming on. */
  safe: { on: number; total: number };
  /** Cameras still on the vulnerable firmware: how many have streaming off. */
  vulnerable: { off: number; total: number };
}

const CHECK_CONCURRENCY = 16;

export async function checkCameras(url: string, fleet: DemoFleet, narrator: Narrator): Promise<CameraCheck> {
  const check: CameraCheck = { safe: { on: 0, total: 0 }, vulnerable: { off: 0, total: 0 } };
  const checking = narrator.progress('checked');
  await inPool(
    fleet.cameras,
    CHECK_CONCURRENCY,
    async (device) => {
      const enabled = (await fetchFlags(url, device.credential)).integrations[CAMERA_STREAM]?.enabled;
      if (onVulnerableFirmware(device)) {
        check.vulnerable.total += 1;
        if (enabled === false) check.vulnerable.off += 1;
      } else {
        check.safe.total += 1;
        if (enabled === true) check.safe.on += 1;
      }
    },
    (done) => checking.update(done, fleet.cameras.length),
  );
  checking.done();
  return check;
}
