import { TEST_ADMIN, TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';
import { openDeviceStream } from '../../../test/support/device-stream';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';

/**
 * Caching and sniffing headers across a sample of routes: authenticated JSON is
 * never stored by any cache, device answers stay `private, no-cache` (their
 * ETag/304 depends on it), only the JWKS is public, and nothing is sniffed.
 */
describe('response headers (integration)', () => {
  let api: TestApi;
  let baseUrl: string;
  let admin: string;
  let device: EnrolledDevice;
  let killId: string;

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    admin = await api.adminToken();
    const v = await seedVendor(api);
    device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }] });
    const kill = await api.request('POST', '/v1/kill-switches', { token: admin, body: { scope: { vendor: v.vendor }, reason: 'headers' } });
    killId = kill.body.id;
  });
  afterAll(() => api.close());

  const headersOf = (response: TestResponse) => ({
    status: response.status,
    cacheControl: response.headers['cache-control'],
    nosniff: response.headers['x-content-type-options'],
  });
  const ofrepBody = () => ({ context: { targetingKey: device.id } });

  it('answers authenticated JSON with Cache-Control: no-store and nosniff', async () => {
    const login = await api.request('POST', '/v1/auth/login', { body: TEST_ADMIN });
    const answers = {
      login,
      list: await api.request('GET', '/v1/kill-switches', { token: admin }),
      get: await api.request('GET', `/v1/kill-switches/${killId}`, { token: admin }),
      devices: await api.request('GET', `/v1/devices/${device.id}`, { token: admin }),
      created: await api.request('POST', '/v1/incidents', { token: admin, body: { title: 'headers test', severity: 'SEV4' } }),
    };
    for (const [name, response] of Object.entries(answers)) {
      expect({ name, ...headersOf(response) }).toEqual({ name, status: expect.any(Number), cacheControl: 'no-store', nosniff: 'nosniff' });
      expect(response.status).toBeLessThan(300);
    }
  });

  it('answers errors (400, 401, 403, 404) with no-store and nosniff, device routes included', async () => {
    const errors = {
      unauthenticated: await api.request('GET', '/v1/kill-switches'),
      badToken: await api.request('GET', '/v1/kill-switches', { token: 'ksa_not-a-real-token-at-all' }),
      deviceOnAdmin: await api.request('GET', '/v1/kill-switches', { token: device.credential }),
      invalid: await api.request('POST', '/v1/kill-switches', { token: admin, body: { scope: {}, reason: '' } }),
      notFound: await api.request('GET', '/v1/kill-switches/00000000-0000-4000-8000-000000000000', { token: admin }),
      pollUnauthenticated: await api.request('GET', '/v1/device/flags'),
      pollBadCredential: await api.request('GET', '/v1/device/flags', { token: 'ksd_not-a-real-credential' }),
      pollByAdmin: await api.request('GET', '/v1/device/flags', { token: admin }),
      ofrepUnauthenticated: await api.request('POST', '/ofrep/v1/evaluate/flags', { body: ofrepBody() }),
    };
    const statuses = Object.fromEntries(Object.entries(errors).map(([name, response]) => [name, response.status]));
    expect(statuses).toEqual({
      unauthenticated: 401,
      badToken: 401,
      deviceOnAdmin: 403,
      invalid: 400,
      notFound: 404,
      pollUnauthenticated: 401,
      pollBadCredential: 401,
      pollByAdmin: 403,
      ofrepUnauthenticated: 401,
    });
    for (const [name, response] of Object.entries(errors)) {
      expect({ name, ...headersOf(response) }).toEqual({ name, status: response.status, cacheControl: 'no-store', nosniff: 'nosniff' });
    }
  });

  it('keeps device answers private, no-cache (200 and 304, poll and OFREP) and adds nosniff', async () => {
    const poll = await api.request('GET', '/v1/device/flags', { token: device.credential });
    const notModified = await api.request('GET', '/v1/device/flags', { token: device.credential, headers: { 'if-none-match': poll.headers.etag as string } });
    const bulk = await api.request('POST', '/ofrep/v1/evaluate/flags', { token: device.credential, body: ofrepBody() });
    const single = await api.request('POST', `/ofrep/v1/evaluate/flags/${Object.keys(poll.body.integrations)[0]}`, {
      token: device.credential,
      body: ofrepBody(),
    });
    expect(notModified.status).toBe(304);
    for (const [name, response] of Object.entries({ poll, notModified, bulk, single })) {
      expect({ name, ...headersOf(response) }).toEqual({ name, status: response.status, cacheControl: 'private, no-cache', nosniff: 'nosniff' });
    }
    const stream = await openDeviceStream(baseUrl, device.credential);
    stream.close();
    expect({ status: stream.status, cacheControl: stream.headers.get('cache-control'), nosniff: stream.headers.get('x-content-type-options') }).toEqual({
      status: 200,
      cacheControl: 'private, no-cache',
      nosniff: 'nosniff',
    });
  });

  it('keeps the JWKS public and cacheable', async () => {
    const jwks = await api.request('GET', '/.well-known/jwks.json');
    expect(headersOf(jwks)).toEqual({ status: 200, cacheControl: 'public, max-age=300', nosniff: 'nosniff' });
  });
});
