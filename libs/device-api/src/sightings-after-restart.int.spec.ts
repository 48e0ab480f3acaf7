import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, EnrolledDevice, seedVendor } from '../../../test/support/fleet';
import { DeviceFactsCache } from './device-facts-cache';
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
  /** Read by their facts alone (DeviceFactsCache.get), never by a credential, on the instance the tests start. */
  let factsSeen: EnrolledDevice;
  let factsNever: EnrolledDevice;

  beforeAll(async () => {
    prisma = testPrisma();
    const enrolling = await startTestApi();
    const v = await seedVendor(enrolling);
    const inventory = [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1' }];
    [recent, earlier, never, factsSeen, factsNever] = await Promise.all(
      [1, 2, 3, 4, 5].map(() => enroll(enrolling, { model: 'hub', firmware: '1.0', inventory })),
    );
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

  it('takes the window from lastSeenAt too when a device’s facts are read without its credential', async () => {
    // The facts' own statement (a change notice, a resync or an eviction reads a device's facts again): a device in
    // memory carries its window over from its previous entry, so these two were never read by this instance.
    const seen = Date.now();
    await prisma.device.update({ where: { id: factsSeen.id }, data: { lastSeenAt: new Date(seen) } });
    await api?.close();
    api = await startTestApi();
    const facts = api.app.get(DeviceFactsCache);

    const seenDevice = await facts.get(factsSeen.id);
    const neverDevice = await facts.get(factsNever.id);

    expect(seenDevice?.sightingWindow).toBe(sightingWindowOf(seen));
    expect(neverDevice?.sightingWindow).toBe(0);
  });
});
