import { decodeJwt } from 'jose';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { OpenedStream, SseEvent, openDeviceStream } from '../../../test/support/device-stream';
import { eventually } from '../../../test/support/eventually';
import { EnrolledDevice, SeededVendor, enroll, seedVendor } from '../../../test/support/fleet';

interface Answer {
  rev: number;
  integrations: Record<string, { enabled: boolean }>;
  snapshot: string;
}

/**
 * A device's event stream follows its own inventory reports, not only kills: a report that changes the device's answer
 * sends it down the device's stream on whichever API instance holds it (here b, the report made through a), with the
 * same rev and a later iat, as DESIGN.md's Revision rule has it; a report that changes nothing sends nothing. And a
 * Last-Event-ID ahead of the current revision, which names no answer the server gave, counts as none.
 */
describe('device event stream and inventory reports (integration)', () => {
  let a: TestApi;
  let b: TestApi;
  let urlB: string;
  let v: SeededVendor;
  let revision: number;
  const opened: OpenedStream[] = [];

  const cam = (vendorFirmware: string) => ({ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware });
  const report = async (device: EnrolledDevice, vendorFirmware: string) =>
    expect((await a.request('PUT', '/v1/device/inventory', { token: device.credential, body: { items: [cam(vendorFirmware)] } })).status).toBe(204);
  const answerOf = (event: SseEvent) => JSON.parse(event.data!) as Answer;
  const enabled = (event: SseEvent) => answerOf(event).integrations[v.camera].enabled;
  const stream = async (device: EnrolledDevice, lastEventId?: string) => {
    const opening = await openDeviceStream(urlB, device.credential, lastEventId);
    opened.push(opening);
    expect(opening.status).toBe(200);
    return opening;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApi(), startTestApi()]);
    urlB = await b.listen();
    v = await seedVendor(a);
    const kill = await a.request('POST', '/v1/kill-switches', {
      token: await a.adminToken(),
      body: { scope: { vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } }, reason: 'strangers feeds' },
    });
    expect(kill.status).toBe(201);
    revision = kill.body.revision as number;
    // b holds rules of the kill's revision (or a later one) before any stream opens there.
    const probe = await enroll(a, { model: 'hub', firmware: '1.0', inventory: [] });
    await eventually(async () => ((await b.request('GET', '/v1/device/flags', { token: probe.credential })).body.rev as number) >= revision);
  });
  afterAll(async () => {
    for (const s of opened) s.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('sends a report that changes the answer down the stream another instance holds, with the same rev and a later iat; one that changes nothing sends nothing', async () => {
    const device = await enroll(a, { model: 'hub', firmware: '1.0', inventory: [cam('3.5.1_00.66')] });
    const events = await stream(device);
    await eventually(() => events.events.length === 1);
    const [killed] = events.events;
    expect(enabled(killed)).toBe(false);

    // Another vulnerable firmware: the inventory changed, the answer did not.
    await report(device, '3.5.1_00.60');
    // The upgrade leaves the kill's scope: the answer changes, the revision does not.
    await report(device, '3.5.1_00.68');
    await eventually(() => events.events.length >= 2);
    expect(events.events).toHaveLength(2);
    const [, upgraded] = events.events;
    expect(enabled(upgraded)).toBe(true);
    expect(upgraded.event).toBe('flags');
    expect(upgraded.id).toBe(killed.id);
    expect(answerOf(upgraded).rev).toBe(Number(killed.id));
    const before = decodeJwt(answerOf(killed).snapshot);
    const after = decodeJwt(answerOf(upgraded).snapshot);
    expect(after.rev).toBe(before.rev);
    expect(after.iat).toBeGreaterThan(before.iat!);
    expect(after.sub).toBe(device.id);

    // And back into the scope: the next event is that one, so the unchanged report above sent nothing in between.
    await report(device, '3.5.1_00.66');
    await eventually(() => events.events.length >= 3);
    expect(events.events.map(enabled)).toEqual([false, true, false]);
    expect(decodeJwt(answerOf(events.events[2]).snapshot).iat).toBeGreaterThan(after.iat!);
  });

  it('sends nothing on connect to a stream resumed at the current revision, then the answer a report changes', async () => {
    const device = await enroll(a, { model: 'hub', firmware: '1.0', inventory: [cam('3.5.1_00.66')] });
    const current = await b.request('GET', '/v1/device/flags', { token: device.credential });
    const events = await stream(device, String(current.body.rev));
    await report(device, '3.5.1_00.68');
    await eventually(() => events.events.length >= 1);
    // Had the held answer been sent on connect, it would come first (the camera off).
    expect(events.events.map(enabled)).toEqual([true]);
    expect(events.events[0].id).toBe(String(current.body.rev));
  });

  it('takes a Last-Event-ID ahead of the current revision as none: the current answer is sent at once', async () => {
    const device = await enroll(a, { model: 'hub', firmware: '1.0', inventory: [cam('3.5.1_00.66')] });
    const current = await b.request('GET', '/v1/device/flags', { token: device.credential });
    const ahead = String((current.body.rev as number) + 1_000_000);
    const events = await stream(device, ahead);
    await eventually(() => events.events.length >= 1);
    expect(events.events[0].id).toBe(String(current.body.rev));
    expect(enabled(events.events[0])).toBe(false);
    // The stream then follows the device as any other.
    await report(device, '3.5.1_00.68');
    await eventually(() => events.events.length >= 2);
    expect(events.events.map(enabled)).toEqual([false, true]);
  });
});
