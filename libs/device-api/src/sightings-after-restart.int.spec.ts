import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, EnrolledDevice, seedVendor } from '../../../test/support/fleet';
import { DeviceSightings } from './device-sightings';
import { SIGHTING_GRANULARITY_MS, sightingWindowOf } from './sighting-window';

/**
 * A restarted API (a new instance, nothing in memory) is polled by devices that were seen a moment ago: their
 * lastSeenAt is already in this window, so no sighting is written again; a device last seen in an earlier window gets one.
 */
describe(DeviceSightings.name, () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let recent: EnrolledDevice;
  let earlier: EnrolledDevice;
  let never: EnrolledDevice;

  beforeAll(async () => {
    prisma = testPrisma();
    const enrolling = await startTestApi();
    const v = await seedVendor(enrolling);
    const inventory = [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1' }];
    [recent, earlier, never] = await Promise.all([1, 2, 3].map(() => enroll(enrolling, { model: 'hub', firmware: '1.0', inventory })));
    await enrolling.close();
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await prisma.$disconnect();
  });

  const lastSeen = async (device: EnrolledDevice) =>
    (await prisma.device.findUniqueOrThrow({ where: { id: device.id }, select: { lastSeenAt: true } })).lastSeenAt?.getTime() ?? null;

  it('writes no sighting for a device whose lastSeenAt the database holds in this window already', async () => {
    // "Seen a moment ago", by the instance that went away.
    const seenRecently = Date.now();
    const seenEarlier = seenRecently - 2 * SIGHTING_GRANULARITY_MS;
    await prisma.device.update({ where: { id: recent.id }, data: { lastSeenAt: new Date(seenRecently) } });
    await prisma.device.update({ where: { id: earlier.id }, data: { lastSeenAt: new Date(seenEarlier) } });

    await api?.close(); // a retried test's
    api = await startTestApi();
    const polledFrom = Date.now();
    for (const device of [recent, earlier, never]) {
      expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
    }
    const polledTo = Date.now();
    await api.app.get(DeviceSightings).flush();

    expect(await lastSeen(earlier)).toBeGreaterThanOrEqual(polledFrom);
    expect(await lastSeen(never)).toBeGreaterThanOrEqual(polledFrom);
    const window = sightingWindowOf(seenRecently);
    if (sightingWindowOf(polledTo) === window) expect(await lastSeen(recent)).toBe(seenRecently);
    // The window turned before the polls: a new window's first sighting is written, as it should be.
    else if (sightingWindowOf(polledFrom) !== window) expect(await lastSeen(recent)).toBeGreaterThanOrEqual(polledFrom);
    // (It turned while the devices polled: either is right.)
  });
});
