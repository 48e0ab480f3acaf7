import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { OpenedStream, openSse } from '../../../test/support/device-stream';
import { eventually } from '../../../test/support/eventually';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { OFREP_EVENTS_PATH } from './ofrep-events.route';

type Refetch = { type: string; etag: string; lastModified: number };

/** OFREP event streams (ADR-0008): the URL a bulk answer names, who may use it, and what it announces. */
describe('OFREP event streams (integration)', () => {
  let api: TestApi;
  let baseUrl: string;
  let v: SeededVendor;
  const opened: OpenedStream[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    v = await seedVendor(api);
  });
  afterAll(async () => {
    for (const stream of opened) stream.close();
    await api.close();
  });

  const enrollCamera = (vendorFirmware = '3.5.1_00.66') =>
    enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware }] });
  const bulk = (device: EnrolledDevice, query = '') =>
    api.request('POST', `/ofrep/v1/evaluate/flags${query}`, { token: device.credential, body: { context: { targetingKey: device.id } } });

  /** The event stream URL of the device's current bulk answer (path and query). */
  async function streamUri(device: EnrolledDevice): Promise<string> {
    const answer = await bulk(device);
    expect(answer.status).toBe(200);
    expect(answer.body.eventStreams).toEqual([{ type: 'sse', endpoint: { requestUri: expect.stringMatching(`^${OFREP_EVENTS_PATH}\\?token=`) } }]);
    return answer.body.eventStreams[0].endpoint.requestUri as string;
  }

  async function connect(uri: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
    const stream = await openSse(`${baseUrl}${uri}`, headers);
    opened.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  }

  async function killFirmware(vendorFirmware: string): Promise<void> {
    const scope = { vendor: v.vendor, integration: v.camera, vendorFirmware: { eq: vendorFirmware } };
    const created = await api.request('POST', '/v1/kill-switches', { token: await api.adminToken(), body: { scope, reason: 'ofrep events test' } });
    expect(created.status).toBe(201);
  }

  const refetches = (stream: OpenedStream): Refetch[] => stream.events.map((event) => JSON.parse(event.data ?? '{}') as Refetch);

  it('announces a kill that affects the device with refetchEvaluation, whose etag the re-fetch then sends; a provider holding the current answer is told nothing on connect', async () => {
    const device = await enrollCamera('3.5.1_00.60');
    const stream = await connect(await streamUri(device));
    await killFirmware('3.5.1_00.60');
    await eventually(() => stream.events.length > 0);
    // The first event is the kill's: nothing was sent on connect, the URL named the current answer.
    const [first] = refetches(stream);
    expect(stream.events[0]).toMatchObject({ event: 'message', id: first.etag.slice(1, -1) });
    expect(first).toEqual({ type: 'refetchEvaluation', etag: expect.stringMatching(/^"[\w-]+"$/), lastModified: expect.any(Number) });

    const refetched = await bulk(device, `?flagConfigEtag=${encodeURIComponent(first.etag)}&flagConfigLastModified=${first.lastModified}`);
    expect(refetched.status).toBe(200);
    expect(refetched.body.flags).toEqual([expect.objectContaining({ key: v.camera, value: false, reason: 'DISABLED' })]);
  });

  it('catches up a provider that connects with a stale flagConfigEtag, Last-Event-ID or flagConfigLastModified: refetchEvaluation at once', async () => {
    const device = await enrollCamera('3.5.1_00.61');
    const stale = await streamUri(device);
    await killFirmware('3.5.1_00.61');
    const fresh = await streamUri(device);
    const freshEtag = decodeURIComponent(new URL(fresh, baseUrl).searchParams.get('flagConfigEtag')!);
    const token = new URL(fresh, baseUrl).searchParams.get('token')!;

    const behind = await connect(stale);
    await eventually(() => behind.events.length > 0);
    expect(refetches(behind)[0]).toMatchObject({ type: 'refetchEvaluation', etag: freshEtag });

    const resumed = await connect(fresh, { 'last-event-id': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    await eventually(() => resumed.events.length > 0);
    expect(refetches(resumed)[0].etag).toBe(freshEtag);

    const old = await connect(`${OFREP_EVENTS_PATH}?token=${token}&flagConfigLastModified=1970-01-01T00:00:00Z`);
    await eventually(() => old.events.length > 0);
    expect(refetches(old)[0].etag).toBe(freshEtag);
  });

  it('refuses a token altered to name another device, and one whose credential was rotated; rotation and decommission end open streams', async () => {
    const [device, other, gone] = await Promise.all([enrollCamera(), enrollCamera(), enrollCamera()]);
    const uri = await streamUri(device);
    const forged = uri.replace(device.id, other.id);
    expect(forged).not.toBe(uri);
    const refused = await api.request('GET', forged);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ statusCode: 401, code: 'unauthenticated', message: expect.stringContaining('stream token') });

    const open = await connect(uri);
    const rotated = await api.request('POST', `/v1/devices/${device.id}/credential`, { token: await api.adminToken() });
    expect(rotated.status).toBe(201);
    await eventually(() => open.ended(), 10_000);
    expect((await api.request('GET', uri)).status).toBe(401);
    // The new credential's answer names a stream that opens.
    await connect(await streamUri({ id: device.id, credential: rotated.body.credential as string }));

    const goneStream = await connect(await streamUri(gone));
    const goneUri = await streamUri(gone);
    expect((await api.request('DELETE', `/v1/devices/${gone.id}`, { token: await api.adminToken() })).status).toBe(204);
    await eventually(() => goneStream.ended(), 10_000);
    expect((await api.request('GET', goneUri)).status).toBe(401);
  });

  it('answers a clear 4xx to a missing or malformed token, unknown query parameters and bad validators, on the stream and on the bulk evaluation', async () => {
    const device = await enrollCamera();
    const uri = await streamUri(device);
    const cases: [string, number, string, string][] = [
      [OFREP_EVENTS_PATH, 401, 'unauthenticated', 'needs its token'],
      [`${OFREP_EVENTS_PATH}?token=not-a-token`, 401, 'unauthenticated', 'malformed'],
      [`${uri}&channel=all`, 400, 'invalid_input', 'unknown query parameter channel'],
      [`${uri}&token=again`, 400, 'invalid_input', 'token must be given once'],
      [`${uri}&flagConfigLastModified=yesterday`, 400, 'invalid_input', 'flagConfigLastModified'],
      [uri.replace(/flagConfigEtag=[^&]*/, 'flagConfigEtag=%3Cscript%3E'), 400, 'invalid_input', 'flagConfigEtag'],
    ];
    for (const [path, status, code, message] of cases) {
      const response = await api.request('GET', path);
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status, code });
      expect(response.body.message).toContain(message);
    }
    const unknown = await bulk(device, '?channel=all');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ errorCode: 'GENERAL', errorDetails: expect.stringContaining('unknown query parameter channel') });
    const badDate = await bulk(device, '?flagConfigLastModified=soon');
    expect(badDate.status).toBe(400);
    expect(badDate.body.errorDetails).toContain('flagConfigLastModified');
  });
});
