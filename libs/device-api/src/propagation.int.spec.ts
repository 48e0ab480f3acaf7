import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { SigningKeysService } from '@killswitch/snapshots';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';

/** Polls until `check` passes or the deadline passes; returns whether it passed (no timing is asserted). */
async function eventually(check: () => Promise<boolean>, deadlineMs = 10_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('propagation across API instances (integration)', () => {
  let a: TestApi;
  let b: TestApi;
  let v: SeededVendor;
  let device: EnrolledDevice;

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApi(), startTestApi()]);
    v = await seedVendor(a);
    device = await enroll(a, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  const enabledOn = async (api: TestApi) =>
    (await api.request('GET', '/v1/device/flags', { token: device.credential })).body.integrations[v.camera].enabled as boolean;

  it('a kill made through one instance reaches a device polling another', async () => {
    expect(await enabledOn(b)).toBe(true); // b has the device and the rules in memory now
    const created = await a.request('POST', '/v1/kill-switches', { token: await a.adminToken(), body: { scope: { vendor: v.vendor }, reason: 'vendor-wide' } });
    expect(created.status).toBe(201);
    expect(await eventually(async () => !(await enabledOn(b)))).toBe(true);
    const answer = await b.request('GET', '/v1/device/flags', { token: device.credential });
    expect(answer.body.rev).toBeGreaterThanOrEqual(created.body.revision);
    expect(answer.body.integrations[v.camera].killSwitchIds).toContain(created.body.id);
  });

  it('an inventory report through one instance changes the answer on the other', async () => {
    await b.request('GET', '/v1/device/flags', { token: device.credential });
    const report = await a.request('PUT', '/v1/device/inventory', { token: device.credential, body: { items: [] } });
    expect(report.status).toBe(204);
    expect(
      await eventually(async () => Object.keys((await b.request('GET', '/v1/device/flags', { token: device.credential })).body.integrations).length === 0),
    ).toBe(true);
    await a.request('PUT', '/v1/device/inventory', {
      token: device.credential,
      body: { items: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] },
    });
  });

  it('a key rotation on one instance: the other signs with the new key, and old snapshots still verify', async () => {
    const before = await b.request('GET', '/v1/device/flags', { token: device.credential });
    const oldKid = decodeProtectedHeader(before.body.snapshot).kid;
    const rotated = await a.app.get(SigningKeysService).rotate();
    expect(rotated.previous).toBe(oldKid);
    expect(
      await eventually(
        async () => decodeProtectedHeader((await b.request('GET', '/v1/device/flags', { token: device.credential })).body.snapshot).kid === rotated.current,
      ),
    ).toBe(true);
    const after = await b.request('GET', '/v1/device/flags', { token: device.credential, headers: { 'if-none-match': before.headers.etag as string } });
    expect(after.status).toBe(200); // the key is part of the ETag
    const jwks = createLocalJWKSet((await b.request('GET', '/.well-known/jwks.json')).body);
    await expect(jwtVerify(before.body.snapshot, jwks, { subject: device.id })).resolves.toBeDefined();
    await expect(jwtVerify(after.body.snapshot, jwks, { subject: device.id })).resolves.toBeDefined();
  });
});

describe('with Redis down (integration)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => api.close());

  it('keeps answering polls and taking kills; readiness reports Redis down', async () => {
    const v = await seedVendor(api);
    const device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }],
    });
    const first = await api.request('GET', '/v1/device/flags', { token: device.credential });
    expect(first.status).toBe(200);
    expect(
      (await api.request('GET', '/v1/device/flags', { token: device.credential, headers: { 'if-none-match': first.headers.etag as string } })).status,
    ).toBe(304);
    const created = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor: v.vendor }, reason: 'redis is down' },
    });
    expect(created.status).toBe(201);
    const after = await api.request('GET', '/v1/device/flags', { token: device.credential });
    expect(after.body.integrations[v.camera].enabled).toBe(false);
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error ?? ready.body.details).toBeDefined();
  });
});
