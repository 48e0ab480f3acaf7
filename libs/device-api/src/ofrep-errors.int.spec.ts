import { gzipSync } from 'node:zlib';
import { TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';

/**
 * The OFREP routes' refusals, whoever makes them (the route, the JSON parser,
 * the body limit, the guard, the rate limiter), in OFREP's shape
 * (open-feature/protocol service/openapi.yaml): `{ key?, errorCode,
 * errorDetails }`, `key` on the single-flag route, never the API's ErrorBody;
 * and `If-None-Match: *` on these POSTs a 412 (RFC 9110 §13.1.2).
 */
describe('OFREP refusals (integration)', () => {
  let api: TestApi;
  let v: SeededVendor;
  let device: EnrolledDevice;
  let admin: string;

  const BULK = '/ofrep/v1/evaluate/flags';
  const single = () => `/ofrep/v1/evaluate/flags/${v.camera}`;
  const context = () => JSON.stringify({ context: { targetingKey: device.id } });

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.adminToken();
    v = await seedVendor(api);
    device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
  });
  afterAll(() => api?.close());

  async function post(url: string, options: { token?: string; payload?: string | Buffer; headers?: Record<string, string> } = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await api.app.inject({ method: 'POST', url, headers, payload: options.payload });
    return { status: response.statusCode, headers: response.headers, body: JSON.parse(response.body || 'null'), text: response.body };
  }

  /** The answer's status and body, the body checked to be OFREP's shape and nothing else, with the request id in its header. */
  function ofrep(response: TestResponse, key?: string): { status: number; errorCode: string } {
    const expected = { ...(key === undefined ? {} : { key }), errorCode: expect.any(String), errorDetails: expect.stringMatching(/\S/) };
    expect({ status: response.status, body: response.body }).toEqual({ status: response.status, body: expected });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
    return { status: response.status, errorCode: response.body.errorCode };
  }

  const cases: [string, () => Parameters<typeof post>[1], number, string][] = [
    ['a body that is not JSON', () => ({ token: device.credential, payload: '{"context": ' }), 400, 'PARSE_ERROR'],
    ['JSON nested too deep', () => ({ token: device.credential, payload: `{"context":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}` }), 400, 'PARSE_ERROR'],
    ['a lone surrogate', () => ({ token: device.credential, payload: `{"context":{"targetingKey":"${device.id}","team":"\\udfff"}}` }), 400, 'PARSE_ERROR'],
    [
      'a NUL in the context',
      () => ({ token: device.credential, payload: JSON.stringify({ context: { targetingKey: device.id, team: 'a\u0000' } }) }),
      400,
      'GENERAL',
    ],
    [
      'a body over the limit',
      () => ({ token: device.credential, payload: JSON.stringify({ pad: 'x'.repeat(api.config.BODY_LIMIT_BYTES + 1) }) }),
      413,
      'GENERAL',
    ],
    ['a text/plain body', () => ({ token: device.credential, payload: context(), headers: { 'content-type': 'text/plain' } }), 415, 'GENERAL'],
    ['a form body', () => ({ token: device.credential, payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'GENERAL'],
    ['a gzip body', () => ({ token: device.credential, payload: gzipSync(context()), headers: { 'content-encoding': 'gzip' } }), 415, 'GENERAL'],
    ['no credential', () => ({ payload: context() }), 401, 'GENERAL'],
    ['a person’s token', () => ({ token: admin, payload: context() }), 403, 'GENERAL'],
    ['If-None-Match: *', () => ({ token: device.credential, payload: context(), headers: { 'if-none-match': '*' } }), 412, 'GENERAL'],
  ];

  it.each(cases)('answers %s in OFREP’s shape, on both routes', async (_name, options, status, errorCode) => {
    expect(ofrep(await post(BULK, options()))).toEqual({ status, errorCode });
    expect(ofrep(await post(single(), options()), v.camera)).toEqual({ status, errorCode });
  });

  it('answers a text/plain body 415 as other unsupported types are, not as a missing context', async () => {
    const plain = await post(BULK, { token: device.credential, payload: context(), headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect({ status: plain.status, body: plain.body }).toEqual({
      status: 415,
      body: { errorCode: 'GENERAL', errorDetails: 'send JSON with Content-Type: application/json' },
    });
    // JSON with parameters is still JSON
    const json = await post(BULK, { token: device.credential, payload: context(), headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(json.status).toBe(200);
  });

  it('answers If-None-Match: * with 412 and no ETag, but a matching ETag still with 304 and another with 200', async () => {
    const first = await post(BULK, { token: device.credential, payload: context() });
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    const any = await post(BULK, { token: device.credential, payload: context(), headers: { 'if-none-match': '*' } });
    expect({ status: any.status, etag: any.headers.etag, errorCode: any.body.errorCode }).toEqual({ status: 412, etag: undefined, errorCode: 'GENERAL' });
    expect(any.body.errorDetails).toMatch(/^If-None-Match: \*/);
    expect((await post(BULK, { token: device.credential, payload: context(), headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await post(BULK, { token: device.credential, payload: context(), headers: { 'if-none-match': `"other", ${etag}` } })).status).toBe(304);
    const other = await post(BULK, { token: device.credential, payload: context(), headers: { 'if-none-match': '"other"' } });
    expect({ status: other.status, flags: other.body.flags }).toEqual({ status: 200, flags: first.body.flags });
    // The precondition is evaluated before the body is read (RFC 9110 §13.2.1): a 412 even for a body without context.
    expect((await post(BULK, { token: device.credential, payload: '{}', headers: { 'if-none-match': '*' } })).status).toBe(412);
  });

  it('keeps the successful answers as they were: an unknown top-level field is ignored (OFREP’s request schema allows it)', async () => {
    const plain = await post(BULK, { token: device.credential, payload: context() });
    expect(Object.keys(plain.body)).toEqual(['flags', 'eventStreams']);
    const extra = await post(BULK, { token: device.credential, payload: JSON.stringify({ context: { targetingKey: device.id }, notAField: 1 }) });
    expect({ status: extra.status, flags: extra.body.flags }).toEqual({ status: 200, flags: plain.body.flags });
    const one = await post(single(), { token: device.credential, payload: context() });
    expect(one.body).toEqual({
      key: v.camera,
      value: true,
      reason: 'DEFAULT',
      variant: 'enabled',
      metadata: { rev: expect.any(Number), failMode: 'closed' },
      cacheable: false,
    });
  });

  it('answers a decommissioned device’s credential 401 in OFREP’s shape', async () => {
    const gone = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    expect((await api.request('DELETE', `/v1/devices/${gone.id}`, { token: admin })).status).toBe(204);
    const payload = JSON.stringify({ context: { targetingKey: gone.id } });
    expect(ofrep(await post(BULK, { token: gone.credential, payload }))).toEqual({ status: 401, errorCode: 'GENERAL' });
    expect(ofrep(await post(single(), { token: gone.credential, payload }), v.camera)).toEqual({ status: 401, errorCode: 'GENERAL' });
  });

  it('answers a rate-limited credential 429 in OFREP’s shape, with Retry-After', async () => {
    const limited = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    expect((await api.request('GET', '/v1/device/flags', { token: limited.credential })).status).toBe(200);
    // Refused on an admin route (403) until the limiter holds the credential back.
    for (let i = 0; i < api.config.REFUSAL_LIMIT; i++) expect((await api.request('GET', '/v1/kill-switches', { token: limited.credential })).status).toBe(403);
    const payload = JSON.stringify({ context: { targetingKey: limited.id } });
    for (const [url, key] of [
      [BULK, undefined],
      [single(), v.camera],
    ] as const) {
      const held = await post(url, { token: limited.credential, payload });
      expect(ofrep(held, key)).toEqual({ status: 429, errorCode: 'GENERAL' });
      expect(held.body.errorDetails).toMatch(/^too many refused attempts/);
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('answers an unknown path or method under /ofrep/ in OFREP’s shape too', async () => {
    const get = await api.app.inject({ method: 'GET', url: BULK, headers: { authorization: `Bearer ${device.credential}` } });
    expect({ status: get.statusCode, body: JSON.parse(get.body) }).toEqual({ status: 404, body: { errorCode: 'GENERAL', errorDetails: expect.any(String) } });
  });
});
