import crypto from 'node:crypto';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';
import { POLL_PATH, PollRoute } from './poll.route';
import { answeredFromMemory } from './poll-metrics';

/** Headers that differ between any two answers (or are the connection's, not the answer's). */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);

interface Seen {
  status: number;
  headers: Record<string, string>;
  body: string;
  requestId: string | null;
}

/**
 * Over real HTTP: a poll whose credential and answer are in memory is answered
 * on Node's request event, before Fastify (PollFastPath). It must be the very
 * answer Fastify's route gives: the same status, headers and bytes. A query
 * string (`?via=fastify`) sends the same poll through Fastify, for comparison;
 * the counter of polls answered from memory tells which path answered.
 */
describe('device poll answered from memory (integration)', () => {
  let api: TestApi;
  let baseUrl: string;
  let device: EnrolledDevice;
  let camera: string;

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    camera = (await seedVendor(api)).camera;
    device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }] });
  });
  afterAll(() => api.close());

  async function poll(path: string, headers: Record<string, string> = {}, credential = device.credential): Promise<Seen> {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${credential}`, ...headers } });
    const seen: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!PER_RESPONSE.has(name)) seen[name] = value;
    });
    return { status: response.status, headers: seen, body: await response.text(), requestId: response.headers.get('x-request-id') };
  }

  /** The answer, and whether it came from memory. */
  async function pollCounted(path: string, headers: Record<string, string> = {}, credential?: string): Promise<Seen & { fromMemory: boolean }> {
    const before = answeredFromMemory.ok + answeredFromMemory.notModified;
    const seen = await poll(path, headers, credential);
    return { ...seen, fromMemory: answeredFromMemory.ok + answeredFromMemory.notModified === before + 1 };
  }

  it('answers a 200 from memory with the status, headers and bytes of the route', async () => {
    await poll(POLL_PATH); // loads the device's credential and answer
    const early = await pollCounted(POLL_PATH);
    const route = await pollCounted(`${POLL_PATH}?via=fastify`);
    expect(early.fromMemory).toBe(true);
    expect(route.fromMemory).toBe(false);
    expect(early.status).toBe(200);
    expect(early.headers).toEqual(route.headers);
    expect(early.body).toBe(route.body);
    expect(JSON.parse(early.body)).toEqual(expect.objectContaining({ rev: expect.any(Number), snapshot: expect.any(String) }));
    expect(early.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers a device's first poll on the request event, once its credential is read, with the status, headers and bytes of the route", async () => {
    const cold = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    const route = api.app.get(PollRoute);
    const viaRoute = jest.spyOn(route, 'handle');
    try {
      const early = await pollCounted(POLL_PATH, {}, cold.credential);
      expect([early.status, early.fromMemory, viaRoute.mock.calls.length]).toEqual([200, false, 0]);
      // The same device's answer (now in memory) through Fastify's route.
      const again = await pollCounted(`${POLL_PATH}?via=fastify`, {}, cold.credential);
      expect(viaRoute).toHaveBeenCalledTimes(1);
      expect({ ...early, requestId: null, fromMemory: null }).toEqual({ ...again, requestId: null, fromMemory: null });
      expect(JSON.parse(early.body)).toEqual(expect.objectContaining({ rev: expect.any(Number), snapshot: expect.any(String) }));

      // A first poll whose credential is refused is handed to the route, which answers it as ever.
      const refused = await pollCounted(POLL_PATH, {}, 'ksd_never-issued');
      const refusedByRoute = await pollCounted(`${POLL_PATH}?via=fastify`, {}, 'ksd_never-issued');
      expect(viaRoute).toHaveBeenCalledTimes(3);
      expect(refused.status).toBe(401);
      expect({ ...refused, body: { ...JSON.parse(refused.body), requestId: null }, requestId: null }).toEqual({
        ...refusedByRoute,
        body: { ...JSON.parse(refusedByRoute.body), requestId: null },
        requestId: null,
      });
    } finally {
      viaRoute.mockRestore();
    }
  });

  it('answers a 304 from memory with the headers of the route and no body', async () => {
    const { headers } = await poll(POLL_PATH);
    const ifNoneMatch = { 'if-none-match': headers.etag };
    const early = await pollCounted(POLL_PATH, ifNoneMatch);
    const route = await pollCounted(`${POLL_PATH}?via=fastify`, ifNoneMatch);
    expect(early).toEqual({ ...route, requestId: early.requestId, fromMemory: true });
    expect(early.status).toBe(304);
    expect(early.body).toBe('');
  });

  it("keeps the caller's request id, on both paths", async () => {
    await poll(POLL_PATH); // loads the device's credential and answer
    const early = await pollCounted(POLL_PATH, { 'x-request-id': 'trace-42' });
    const route = await pollCounted(`${POLL_PATH}?via=fastify`, { 'x-request-id': 'trace-43' });
    expect([early.fromMemory, early.requestId]).toEqual([true, 'trace-42']);
    expect([route.fromMemory, route.requestId]).toEqual([false, 'trace-43']);
  });

  it("hashes a device's credential once on its first poll, answered early once the credential and facts are read", async () => {
    const fresh = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }],
    });
    const sha256 = jest.spyOn(crypto, 'hash');
    try {
      const first = await pollCounted(POLL_PATH, {}, fresh.credential);
      const hashes = sha256.mock.calls.filter(([algorithm, data]) => algorithm === 'sha256' && data === fresh.credential).length;
      expect([first.status, first.fromMemory, hashes]).toEqual([200, false, 1]);
    } finally {
      sha256.mockRestore();
    }
  });

  it('leaves every other poll to the route: no credential, a wrong one, a user credential, a body, a rotated credential', async () => {
    const admin = await api.adminToken();
    const refused = {
      wrong: await pollCounted(POLL_PATH, {}, 'ksd_not-a-real-credential'),
      user: await pollCounted(POLL_PATH, {}, admin),
      none: await (async () => {
        const before = answeredFromMemory.ok;
        const response = await fetch(`${baseUrl}${POLL_PATH}`);
        return { status: response.status, fromMemory: answeredFromMemory.ok !== before, body: await response.text() };
      })(),
    };
    expect(Object.fromEntries(Object.entries(refused).map(([name, seen]) => [name, [seen.status, seen.fromMemory, JSON.parse(seen.body).code]]))).toEqual({
      wrong: [401, false, 'unauthenticated'],
      user: [403, false, 'forbidden'],
      none: [401, false, 'unauthenticated'],
    });

    const withBody = await fetch(`${baseUrl}${POLL_PATH}`, { method: 'GET', headers: { authorization: `Bearer ${device.credential}`, 'content-length': '0' } });
    expect(withBody.status).toBe(200);

    const rotated = await api.request('POST', `/v1/devices/${device.id}/credential`, { token: admin });
    expect(rotated.status).toBe(201);
    await eventually(async () => (await pollCounted(POLL_PATH)).status === 401);
    const old = await pollCounted(POLL_PATH);
    expect([old.status, old.fromMemory]).toEqual([401, false]);
    const fresh = await pollCounted(POLL_PATH, {}, rotated.body.credential as string);
    expect(fresh.status).toBe(200);
    expect((await pollCounted(POLL_PATH, {}, rotated.body.credential as string)).fromMemory).toBe(true);
  });
});
