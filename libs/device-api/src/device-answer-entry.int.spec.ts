import { decodeJwt } from 'jose';
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
    expect(facts.peek(device.id)).toBeDefined();
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
