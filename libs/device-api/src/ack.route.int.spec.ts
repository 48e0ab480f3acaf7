import type { INestApplicationContext } from '@nestjs/common';
import { TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';
import { httpApi } from '../../../test/support/http-api';
import { httpRequestDuration } from '@killswitch/ops';
import { startTestWorker } from '../../../test/support/worker-harness';
import { cuttablePostgres } from '../../../test/support/cuttable-postgres';
import { eventually } from '../../../test/support/eventually';
import { DeviceCredentialCache } from '@killswitch/identity';
import { ACKS_PATH, AckRoute } from './ack.route';

/**
 * POST /v1/device/acks as a device sends it (a device that has polled: its credential is in memory, so the
 * ack takes a fast path) and as anything else does: every answer is the route's contract. Over real HTTP a
 * well-formed ack is answered on Node's request event (AckFastPath) and the rest handed to Fastify; injected
 * into Fastify (light-my-request never fires the request event) every ack takes the route's onRequest fast
 * path (AckRoute.take) or the Nest route: the same tests, both ways.
 */
describe.each([
  ['over HTTP (the request event first)', 'http'],
  ['injected into Fastify (the route alone)', 'inject'],
] as const)('POST /v1/device/acks %s (integration)', (_how, transport) => {
  let api: TestApi;
  let client: Pick<TestApi, 'request'>;
  let worker: INestApplicationContext;
  let token: string;
  let device: EnrolledDevice;
  let other: EnrolledDevice;
  let revision: number;

  const ack = (credential: string | undefined, options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) =>
    client.request('POST', '/v1/device/acks', { token: credential, ...options });
  const errorOf = (response: TestResponse) => ({ status: response.status, code: response.body.code, message: response.body.message });

  beforeAll(async () => {
    api = await startTestApi();
    const baseUrl = await api.listen();
    client = transport === 'http' ? httpApi(baseUrl) : api;
    worker = await startTestWorker();
    token = await api.adminToken();
    const v = await seedVendor(api);
    const inventory = [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }];
    device = await enroll(api, { model: 'hub', firmware: '1.0', inventory });
    other = await enroll(api, { model: 'hub', firmware: '1.0', inventory });
    const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor }, reason: 'ack route' } });
    revision = kill.body.revision as number;
    await eventually(async () => (await api.request('GET', `/v1/revocations/${kill.body.revocationId}`, { token })).body.fannedOutAt);
    // As a device does before it hears of a kill: its credential is then in the API's memory.
    for (const d of [device, other]) expect((await api.request('GET', '/v1/device/flags', { token: d.credential })).status).toBe(200);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('closes the device’s own deliveries once; a repeat acknowledges 0; the answer carries the usual headers', async () => {
    const first = await ack(device.credential, { body: { rev: revision } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ rev: revision, acknowledged: 1 });
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(first.headers['x-request-id']).toEqual(expect.any(String));
    const again = await ack(device.credential, { body: { rev: revision }, headers: { 'content-type': 'Application/JSON; charset=UTF-8' } });
    expect(again.body).toEqual({ rev: revision, acknowledged: 0 });
    // the other device's delivery is still open: an ack closes only the sender's own
    expect((await ack(other.credential, { body: { rev: revision } })).body).toEqual({ rev: revision, acknowledged: 1 });
  });

  it('refuses a rev ahead of the current revision with a conflict', async () => {
    expect(errorOf(await ack(device.credential, { body: { rev: revision + 1 } }))).toEqual({
      status: 409,
      code: 'conflict',
      message: `rev ${revision + 1} is ahead of the current revision ${revision}`,
    });
  });

  it.each([
    ['a string rev', { rev: String(1) }, 'rev must be a non-negative integer'],
    ['a fractional rev', { rev: 1.5 }, 'rev must be a non-negative integer'],
    ['a negative rev', { rev: -1 }, 'rev must be a non-negative integer'],
    ['a rev past the safe integers', { rev: 2 ** 60 }, 'rev must be a non-negative integer'],
    ['a null rev', { rev: null }, 'rev is required: the revision the device applied'],
    ['no rev', {}, 'rev is required: the revision the device applied'],
    ['an unknown field', { rev: 1, deviceId: 'someone-else' }, 'property deviceId should not exist'],
    ['an unknown field and a wrong type', { rev: [1], x: 1 }, 'property x should not exist; rev must be a non-negative integer'],
    ['a list for a body', [{ rev: 1 }], 'the request body must be a JSON object'],
    ['a number for a body', 7, 'the request body must be a JSON object'],
    ['a NUL in a string', { rev: 'a\u0000' }, 'rev must not contain NUL characters'],
  ])('refuses %s with a 400 that says what is wrong', async (_name, body, message) => {
    const response = await ack(device.credential, { body });
    expect(errorOf(response)).toEqual({ status: 400, code: 'invalid_input', message });
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
    expect(response.body.details).toEqual(message.startsWith('the request body') ? undefined : message.split('; '));
  });

  it.each([
    ['broken JSON', '{"rev":', 400, 'invalid_input'],
    ['JSON nested too deep', `{"rev":1,"x":${'['.repeat(40)}${']'.repeat(40)}}`, 400, 'invalid_input'],
    ['prototype poisoning', '{"rev":1,"__proto__":{"admin":true}}', 400, 'invalid_input'],
  ])('refuses %s with a 400', async (_name, rawBody, status, code) => {
    const response = await ack(device.credential, { rawBody, headers: { 'content-type': 'application/json' } });
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.body.message).toEqual(expect.any(String));
  });

  it('answers an empty body, another content type and an oversized body as the route does', async () => {
    expect(errorOf(await ack(device.credential, { rawBody: '', headers: { 'content-type': 'application/json' } }))).toEqual({
      status: 400,
      code: 'invalid_input',
      message: 'rev is required: the revision the device applied',
    });
    expect(errorOf(await ack(device.credential, { rawBody: 'rev=1', headers: { 'content-type': 'text/plain' } }))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
      message: 'send JSON with Content-Type: application/json',
    });
    const huge = JSON.stringify({ rev: 1, pad: 'x'.repeat(api.config.BODY_LIMIT_BYTES) });
    expect((await ack(device.credential, { rawBody: huge, headers: { 'content-type': 'application/json' } })).status).toBe(413);
  });

  it('takes only a valid device credential', async () => {
    expect(errorOf(await ack(undefined, { body: { rev: revision } }))).toEqual({
      status: 401,
      code: 'unauthenticated',
      message: 'send a credential: Authorization: Bearer <token>',
    });
    expect(errorOf(await ack(token, { body: { rev: revision } }))).toEqual({ status: 403, code: 'forbidden', message: 'this route takes a device credential' });
    expect(errorOf(await ack('ksd_not-a-real-credential-at-all', { body: { rev: revision } }))).toEqual({
      status: 401,
      code: 'unauthenticated',
      message: 'the credential is invalid, expired or revoked',
    });
    // a rotated credential is revoked at once, though it was in memory a moment ago
    const rotated = await api.request('POST', `/v1/devices/${other.id}/credential`, { token });
    expect(rotated.status).toBe(201);
    expect(errorOf(await ack(other.credential, { body: { rev: revision } }))).toEqual({
      status: 401,
      code: 'unauthenticated',
      message: 'the credential is invalid, expired or revoked',
    });
    expect((await ack(rotated.body.credential as string, { body: { rev: revision } })).body).toEqual({ rev: revision, acknowledged: 0 });
  });

  it('holds back a device credential over its refusal limit as the guard does, though it is in memory', async () => {
    const limited = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    expect((await api.request('GET', '/v1/device/flags', { token: limited.credential })).status).toBe(200);
    // Refused on an admin route (403) until the limiter holds the credential back.
    for (let i = 0; i < api.config.REFUSAL_LIMIT; i++) expect((await api.request('GET', '/v1/kill-switches', { token: limited.credential })).status).toBe(403);
    const held = await ack(limited.credential, { body: { rev: revision } });
    expect(errorOf(held)).toEqual({ status: 429, code: 'rate_limited', message: expect.stringMatching(/^too many refused attempts/) });
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
  });
});

/** Headers that differ between any two answers (or are the connection's, not the answer's). */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);

describe('POST /v1/device/acks answered on the request event (integration)', () => {
  let api: TestApi;
  let baseUrl: string;
  let device: EnrolledDevice;

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
  });
  afterAll(() => api.close());

  async function post(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ rev: 0 }),
    });
    const seen: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!PER_RESPONSE.has(name)) seen[name] = value;
    });
    return { status: response.status, headers: seen, body: await response.text(), requestId: response.headers.get('x-request-id') };
  }

  const answeredOk = async () =>
    (await httpRequestDuration.get()).values.find(
      (v) =>
        v.metricName === 'killswitch_http_request_duration_seconds_count' &&
        v.labels.method === 'POST' &&
        v.labels.route === ACKS_PATH &&
        v.labels.status === '200',
    )?.value ?? 0;

  it('answers a well-formed ack before Fastify with the status, headers and bytes of the route, and counts it in the route’s metric', async () => {
    // The credential in memory, what the request event needs, and kept: the change notice of the device's
    // enrolment, when it comes in after a poll, drops it from memory (as would a resync of the change listener).
    const credentials = api.app.get(DeviceCredentialCache);
    await eventually(async () => {
      expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return credentials.principalFromHeader(`Bearer ${device.credential}`) !== undefined;
    });
    const take = jest.spyOn(api.app.get(AckRoute), 'take');
    const before = await answeredOk();
    const early = await post(ACKS_PATH, { 'x-request-id': 'trace-7' });
    expect(take).not.toHaveBeenCalled(); // answered on the request event: Fastify never saw it
    const route = await post(`${ACKS_PATH}?via=fastify`); // a query string: the same ack, through Fastify
    expect(take.mock.results.map((result) => result.value)).toEqual([true]);
    expect(early).toEqual({ ...route, requestId: 'trace-7' });
    expect(early.status).toBe(200);
    expect(JSON.parse(early.body)).toEqual({ rev: 0, acknowledged: 0 });
    expect(route.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await answeredOk()).toBe(before + 2);
  });
});

describe('POST /v1/device/acks with the database unreachable (integration)', () => {
  let proxy: Awaited<ReturnType<typeof cuttablePostgres>>;
  let api: TestApi;
  let baseUrl: string;

  beforeAll(async () => {
    proxy = await cuttablePostgres(new URL(process.env.DATABASE_URL!));
    api = await startTestApi({ DATABASE_URL: proxy.url });
    baseUrl = await api.listen();
  });
  afterAll(async () => {
    await proxy.restore();
    await api.close();
    await proxy.close();
  });

  it('answers a device whose credential is in memory 503 with Retry-After from the fast path', async () => {
    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
    const take = jest.spyOn(api.app.get(AckRoute), 'take');
    await proxy.cut();
    const response = await api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: 0 } });
    expect(take.mock.results.map((result) => result.value)).toEqual([true]); // the fast path took it: the credential was in memory
    expect({ status: response.status, code: response.body.code, message: response.body.message }).toEqual({
      status: 503,
      code: 'unavailable',
      message: 'the database is busy or unreachable: nothing was changed, try again shortly',
    });
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers 503 with Retry-After over HTTP too, where the ack met the error on the request event and was handed on', async () => {
    await proxy.restore();
    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
    const http = httpApi(baseUrl);
    await proxy.cut();
    const response = await http.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: 0 } });
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 503, code: 'unavailable' });
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });
});
