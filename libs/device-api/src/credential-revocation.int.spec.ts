import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { OpenedStream, openDeviceStream } from '../../../test/support/device-stream';
import { eventually } from '../../../test/support/eventually';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';

/**
 * A stolen device credential: rotating it or decommissioning the device must cut
 * off the thief everywhere at once, on every API instance: open streams end, and
 * the old credential opens nothing new (poll, stream, OFREP).
 */
describe('device credential revocation across API instances (integration)', () => {
  let a: TestApi;
  let b: TestApi;
  let urlA: string;
  let urlB: string;
  let v: SeededVendor;
  const opened: OpenedStream[] = [];

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApi(), startTestApi()]);
    [urlA, urlB] = await Promise.all([a.listen(), b.listen()]);
    v = await seedVendor(a);
  });
  afterAll(async () => {
    for (const stream of opened) stream.close();
    await Promise.all([a.close(), b.close()]);
  });

  const enrollCamera = () =>
    enroll(a, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] });

  /** A stream that has received its first answer, so it is registered on the instance. */
  async function connected(baseUrl: string, credential: string): Promise<OpenedStream> {
    const stream = await openDeviceStream(baseUrl, credential);
    opened.push(stream);
    expect(stream.status).toBe(200);
    await eventually(() => stream.events.length > 0);
    return stream;
  }

  /** The old credential is refused for everything a device can do, on both instances. */
  async function expectRefusedEverywhere(device: EnrolledDevice): Promise<void> {
    for (const [api, url] of [
      [a, urlA],
      [b, urlB],
    ] as const) {
      expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(401);
      const ofrep = await api.request('POST', '/ofrep/v1/evaluate/flags', { token: device.credential, body: { context: { targetingKey: device.id } } });
      expect(ofrep.status).toBe(401);
      const single = await api.request('POST', `/ofrep/v1/evaluate/flags/${v.camera}`, {
        token: device.credential,
        body: { context: { targetingKey: device.id } },
      });
      expect(single.status).toBe(401);
      const stream = await openDeviceStream(url, device.credential);
      opened.push(stream);
      expect(stream.status).toBe(401);
    }
  }

  async function killVendor(reason: string): Promise<number> {
    const created = await a.request('POST', '/v1/kill-switches', { token: await a.adminToken(), body: { scope: { vendor: v.vendor }, reason } });
    expect(created.status).toBe(201);
    return created.body.revision as number;
  }

  it('a rotation on one instance ends the old credential’s streams on every instance; the old credential is refused, the new one works', async () => {
    const device = await enrollCamera();
    // Both instances hold the credential in memory before the rotation.
    expect((await a.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
    expect((await b.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
    const onA = await connected(urlA, device.credential);
    const onB = await connected(urlB, device.credential);

    const rotated = await a.request('POST', `/v1/devices/${device.id}/credential`, { token: await a.adminToken() });
    expect(rotated.status).toBe(201);
    await eventually(() => onA.ended() && onB.ended(), 10_000);
    const seenOnB = onB.events.length;

    await expectRefusedEverywhere(device);

    // The new credential streams on B, and a later kill reaches it, not the old stream.
    const fresh = await connected(urlB, rotated.body.credential as string);
    const rev = await killVendor('after rotation');
    await eventually(() => fresh.events.some((event) => Number(event.id) >= rev));
    expect(fresh.ended()).toBe(false);
    expect(onB.events).toHaveLength(seenOnB);
  });

  it('a decommission on one instance ends the device’s streams on every instance and refuses its credential everywhere', async () => {
    const [device, witness] = await Promise.all([enrollCamera(), enrollCamera()]);
    expect((await b.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
    const onB = await connected(urlB, device.credential);
    const witnessOnB = await connected(urlB, witness.credential);

    const removed = await a.request('DELETE', `/v1/devices/${device.id}`, { token: await a.adminToken() });
    expect(removed.status).toBe(204);
    await eventually(() => onB.ended(), 10_000);
    const seenOnB = onB.events.length;

    await expectRefusedEverywhere(device);
    const rev = await killVendor('after decommission');
    // B has pushed the kill (the witness has it); the decommissioned device's stream got nothing more.
    await eventually(() => witnessOnB.events.some((event) => Number(event.id) >= rev));
    expect(onB.events).toHaveLength(seenOnB);
  });
});
