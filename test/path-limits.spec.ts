// What Fastify's router decides before any route: the longest keys the API accepts can be addressed in a path (an
// integration key is up to 127 characters; the router's default limit was 100), and a path it cannot route (an
// undecodable %, a segment past the limit) gets the API's error body and headers, OFREP's shape under /ofrep/.
import { TestApi, startTestApi } from './support/api-harness';
import { enroll } from './support/fleet';

describe('path limits and undecodable paths', () => {
  let api: TestApi;
  let admin: string;
  let base: string;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.adminToken();
    base = await api.listen();
  });
  afterAll(() => api.close());

  /** A key of exactly `length` characters: the prefix, then `fill`. */
  const keyOf = (prefix: string, fill: string, length: number) => prefix + fill.repeat(length - prefix.length);

  it('edits and evaluates (OFREP, one flag) an integration whose key is as long as the API accepts, 127 characters', async () => {
    const vendor = keyOf(`v${Date.now().toString(36)}`, 'a', 63);
    const integration = `${vendor}.${'b'.repeat(63)}`;
    expect(integration).toHaveLength(127);
    expect((await api.request('POST', '/v1/vendors', { token: admin, body: { slug: vendor, name: 'long' } })).status).toBe(201);
    expect((await api.request('POST', `/v1/vendors/${vendor}/models`, { token: admin, body: { slug: 'cam', name: 'Cam' } })).status).toBe(201);
    expect((await api.request('POST', '/v1/integrations', { token: admin, body: { key: integration, vendor, name: 'Long' } })).status).toBe(201);

    const patched = await fetch(`${base}/v1/integrations/${integration}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ failMode: 'open' }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ key: integration, failMode: 'open' });

    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration, vendorModel: 'cam', vendorFirmware: '1.0' }] });
    const killed = await api.request('POST', '/v1/kill-switches', { token: admin, body: { scope: { vendor, integration }, reason: 'long key' } });
    expect(killed.status).toBe(201);
    const evaluated = await fetch(`${base}/ofrep/v1/evaluate/flags/${integration}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { targetingKey: device.id } }),
    });
    expect(evaluated.status).toBe(200);
    expect(await evaluated.json()).toMatchObject({ key: integration, value: false });
  });

  it('answers an undecodable path, or a segment past the limit, with the error body and headers of every other error', async () => {
    const cases = [
      { path: '/v1/incidents/%zz', message: 'the path is not valid: every % must begin a percent-encoded UTF-8 byte (%XX)' },
      { path: `/v1/incidents/${'x'.repeat(600)}`, message: 'a path segment is longer than 512 characters: no id or key is that long' },
    ];
    for (const { path, message } of cases) {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'path-limits-1' } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message, requestId: 'path-limits-1', code: 'invalid_input' });
      expect(response.headers.get('x-request-id')).toBe('path-limits-1');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it("answers the same under /ofrep/ in OFREP's shape", async () => {
    for (const path of ['/ofrep/v1/evaluate/flags/%zz', `/ofrep/v1/evaluate/flags/${'k'.repeat(600)}`]) {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toEqual({ errorCode: 'GENERAL', errorDetails: expect.stringMatching(/^(the path is not valid|a path segment is longer)/) });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
