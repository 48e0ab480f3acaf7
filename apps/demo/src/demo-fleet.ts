/**
 * The simulated fleet: enrolled through the API as fleet-sim enrolls
 * (POST /v1/devices, a seeded mix of device models, regions and linked vendor
 * products), then run by FleetSim: every device streams and polls, verifies
 * each signed answer and acknowledges each revision it applies.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DeviceView, fetchList } from '@killswitch/api-client';
import { FleetSim, InventoryItem, defaultLocalAddresses, enrollFleet } from '@killswitch/fleet-sim';
import { CAMERA_STREAM, fleetCatalogue } from './demo-catalogue';
import type { DemoUser } from './demo-people';
import { Narrator, duration } from './narrator';

export interface DemoDevice {
  id: string;
  credential: string;
  inventory: InventoryItem[];
}

export interface DemoFleet {
  sim: FleetSim;
  devices: DemoDevice[];
  /** The devices linked to a Xiaomi camera (the integration the story kills). */
  cameras: DemoDevice[];
}

const ENROLL_CONCURRENCY = 16;
const POLL_INTERVAL_MS = 60_000;
const CONNECT_TIMEOUT_MS = 180_000;

export const cameraOf = (device: DemoDevice): InventoryItem | undefined => device.inventory.find((item) => item.integration === CAMERA_STREAM);

export async function enrollDemoFleet(admin: DemoUser, count: number, seed: number, narrator: Narrator): Promise<DemoFleet> {
  const url = admin.api.baseUrl;
  const started = Date.now();
  const enrolling = narrator.progress('enrolled');
  const enrolled = await enrollFleet(url, admin.token, count, fleetCatalogue(), {
    seed,
    concurrency: ENROLL_CONCURRENCY,
    onProgress: (done) => enrolling.update(done, count),
  });
  enrolling.done();
  const took = Date.now() - started;
  narrator.line(`setup: ${count} devices enrolled through POST /v1/devices in ${duration(took)} (${Math.round((count * 1000) / took)} a second)`);

  // What each device links, as the API holds it (GET /v1/devices).
  const listed = await fetchList<DeviceView>(admin.api, '/v1/devices', {}, { all: true });
  const inventory = new Map(listed.items.map((d) => [d.id, d.inventory]));
  const devices = enrolled.devices.map((d) => ({ ...d, inventory: inventory.get(d.id) ?? [] }));

  const sim = new FleetSim({
    url,
    devices: enrolled.devices,
    pinnedJwks: enrolled.pinnedJwks,
    mode: 'both',
    intervalMs: POLL_INTERVAL_MS,
    jitter: 0.2,
    rampMs: Math.min(10_000, count),
    localAddresses: defaultLocalAddresses(url, 'both', count),
  });
  return { sim, devices, cameras: devices.filter((d) => cameraOf(d)) };
}

/** Starts the devices and waits until each holds a verified answer and has its stream open. */
export async function connectFleet(fleet: DemoFleet, narrator: Narrator, signal: AbortSignal): Promise<void> {
  const started = Date.now();
  await fleet.sim.start();
  const connecting = narrator.progress('connected');
  const n = fleet.devices.length;
  for (;;) {
    const now = fleet.sim.snapshot();
    const ready = Math.min(now.withSnapshot, now.streamsOpen);
    connecting.update(ready, n);
    if (ready === n) break;
    if (Date.now() - started > CONNECT_TIMEOUT_MS) throw new Error(`only ${ready} of ${n} devices connected within ${CONNECT_TIMEOUT_MS / 1000} s`);
    await sleep(200, undefined, { signal });
  }
  connecting.done();
  narrator.line(`setup: ${n} devices connected (stream open, signed answer verified) in ${duration(Date.now() - started)}`);
}
