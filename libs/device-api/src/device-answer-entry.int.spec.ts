import { eventually } from '../../../test/support/eventually';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { DeviceFactsCache } from './device-facts-cache';
import { signatures } from './flags-answer';
import { FlagsService } from './flags.service';

/**
 * A device's answer lives in its entry of the facts cache (one object and one
 * map entry a polling device, not two of each): a change notice or a resync
 * marks the entry out of date without losing the answer, so the next answer
 * still follows the one the device holds.
 */
describe('a device answer kept in its facts entry (integration)', () => {
  let api: TestApi;
  let facts: DeviceFactsCache;
  let flags: FlagsService;
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    facts = api.app.get(DeviceFactsCache);
    flags = api.app.get(FlagsService);
    v = await seedVendor(api);
  });
  afterAll(() => api.close());

  const camera = (vendorFirmware: string) => [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware }];
  const poll = (device: EnrolledDevice) => api.request('GET', '/v1/device/flags', { token: device.credential });

  it('is the facts entry itself: no second object or map a device', async () => {
    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: camera('1.0') });
    expect((await poll(device)).status).toBe(200);
    const entry = facts.peek(device.id);
    expect(entry).toBeDefined();
    expect(flags.cachedAnswer(device.id)).toBe(entry);
  });

  it('after a resync, re-reads the facts and keeps the snapshot already signed when the answer is the same', async () => {
    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: camera('1.0') });
    const before = await poll(device);
    facts.clear();
    expect(facts.peek(device.id)).toBeUndefined(); // out of date: the poll must read the facts again
    const after = await poll(device);
    expect(after.body.snapshot).toBe(before.body.snapshot);
    // On a loaded host a change notice from this device's enrollment can arrive after the poll and drop the entry
    // again (CI, once): the next poll reads the facts back into it.
    await eventually(async () => facts.peek(device.id) !== undefined || ((await poll(device)).status === 200 && facts.peek(device.id) !== undefined));
  });

  it('after a change notice for the device, answers from facts read again, dated after the answer it replaces', async () => {
    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: camera('1.0') });
    const first = await poll(device);
    const before = decodeJwt(first.body.snapshot);
    const held = facts.peek(device.id); // as a request under way holds it
    const report = await api.request('PUT', '/v1/device/inventory', { token: device.credential, body: { items: [] } });
    expect(report.status).toBe(204);
    expect(facts.peek(device.id)).toBeUndefined();
    const answer = await poll(device);
    expect(answer.body.integrations).toEqual({});
    expect(decodeJwt(answer.body.snapshot).iat).toBeGreaterThan(before.iat as number);
    // The replaced entry still answers with its own signed snapshot, not with the new answer's signature.
    expect(JSON.parse(held?.body ?? '{}').snapshot).toBe(first.body.snapshot);
  });

  it('drops the entry, answer and all, of a decommissioned device', async () => {
    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: camera('1.0') });
    expect((await poll(device)).status).toBe(200);
    const slots = signatures.size;
    const removed = await api.request('DELETE', `/v1/devices/${device.id}`, { token: await api.adminToken() });
    expect(removed.status).toBe(204);
    expect((await poll(device)).status).toBe(401);
    expect(flags.cachedAnswer(device.id)).toBeUndefined();
    expect(await flags.answer(device.id)).toBeUndefined();
    expect(signatures.size).toBe(slots - 1); // its signature's slot is free for another device
  });
});

/**
 * Past the cache's limit the oldest entry goes, and its signature's slot is
 * given to the next device signed: a request still holding the evicted entry
 * must answer with that device's own signature, and the device evicted, polling
 * again, gets an answer signed for it alone.
 */
describe('a device answer evicted past the facts cache limit (integration)', () => {
  let api: TestApi;
  let facts: DeviceFactsCache;
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    facts = api.app.get(DeviceFactsCache);
    v = await seedVendor(api);
  });
  afterAll(() => api.close());

  const poll = (device: EnrolledDevice) => api.request('GET', '/v1/device/flags', { token: device.credential });

  it("frees the oldest entry's slot for the next device and keeps each answer signed for its own device", async () => {
    const inventory = [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }];
    const [a, b, c] = [
      await enroll(api, { model: 'hub', firmware: '1.0', inventory }),
      await enroll(api, { model: 'hub', firmware: '1.0', inventory }),
      await enroll(api, { model: 'hub', firmware: '1.0', inventory }),
    ];
    // This API's cache holds no polling device yet: two entries at most from here.
    (facts as unknown as { limit: number }).limit = 2;
    const firstA = (await poll(a)).body.snapshot as string;
    expect((await poll(b)).status).toBe(200);
    const heldA = facts.peek(a.id); // as a request under way holds it
    const slots = signatures.size;

    const answerC = await poll(c);
    expect(answerC.status).toBe(200);
    expect(facts.peek(a.id)).toBeUndefined(); // the oldest went
    expect(signatures.size).toBe(slots); // its slot went to c
    expect(JSON.parse(heldA?.body ?? '{}').snapshot).toBe(firstA);

    const jwks = createLocalJWKSet((await api.request('GET', '/.well-known/jwks.json')).body);
    const again = await poll(a); // b goes now
    expect(again.status).toBe(200);
    expect(facts.peek(b.id)).toBeUndefined();
    for (const [device, snapshot] of [
      [a, firstA],
      [a, again.body.snapshot],
      [c, answerC.body.snapshot],
    ] as const) {
      const { payload } = await jwtVerify(snapshot as string, jwks);
      expect(payload.sub).toBe(device.id);
    }
  });
});
