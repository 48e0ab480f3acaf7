import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { PrismaClient } from '@killswitch/db';
import { DEFAULT_DEVICE_MESSAGE } from '@killswitch/evaluation';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';

describe('device API (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let token: string;
  let v: SeededVendor;
  let old: EnrolledDevice; // camera on vulnerable firmware
  let fixed: EnrolledDevice; // camera on fixed firmware

  const cam = (vendorFirmware: string) => ({ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware });
  const poll = (device: EnrolledDevice, headers: Record<string, string> = {}) => api.request('GET', '/v1/device/flags', { token: device.credential, headers });
  const kill = async (scope: object, reason = 'test kill') => {
    const response = await api.request('POST', '/v1/kill-switches', { token, body: { scope, reason } });
    if (response.status !== 201) throw new Error(`kill: ${response.status} ${response.text}`);
    return response.body as { id: string; revision: number };
  };

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    token = await api.adminToken();
    v = await seedVendor(api);
    old = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [cam('3.5.1_00.66')] });
    fixed = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [cam('3.5.1_00.68')] });
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  describe('GET /v1/device/flags', () => {
    it('answers the linked integrations with a snapshot any JOSE library verifies against the JWKS', async () => {
      const response = await poll(old);
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('private, no-cache');
      expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(response.body.integrations).toEqual({ [v.camera]: { enabled: true, failMode: 'closed' } });
      const jwks = await api.request('GET', '/.well-known/jwks.json');
      expect(jwks.headers['cache-control']).toBe('public, max-age=300');
      const { payload, protectedHeader } = await jwtVerify(response.body.snapshot, createLocalJWKSet(jwks.body), {
        issuer: api.config.KILLSWITCH_ISSUER,
        subject: old.id,
        algorithms: ['EdDSA'],
      });
      expect(protectedHeader.kid).toEqual(expect.any(String));
      expect(payload).toMatchObject({ rev: response.body.rev, integrations: response.body.integrations });
      expect((payload.exp as number) - (payload.iat as number)).toBe(api.config.SNAPSHOT_TTL_SEC);
      // enrollment handed the device the keys to pin; the snapshot verifies with those alone
      const pinned = await api.request('POST', '/v1/devices', { token, body: { model: 'hub', firmware: '1.0' } });
      await expect(jwtVerify(response.body.snapshot, createLocalJWKSet(pinned.body.jwks))).resolves.toBeDefined();
    });

    it('answers 304 to a matching If-None-Match, and 200 again once a kill changes the answer', async () => {
      const first = await poll(old);
      const etag = first.headers.etag as string;
      const again = await poll(old, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');

      const created = await kill({ vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } }, 'strangers feeds');
      const after = await poll(old, { 'if-none-match': etag });
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(after.body.rev).toBe(created.revision);
      // the kill's reason is internal: without a deviceMessage the device is told the neutral default
      expect(after.body.integrations[v.camera]).toEqual({ enabled: false, reason: DEFAULT_DEVICE_MESSAGE, killSwitchIds: [created.id], failMode: 'closed' });
      // the fixed firmware is outside the scope: same answer, still a 304
      const fixedFirst = await poll(fixed);
      expect(fixedFirst.body.integrations[v.camera].enabled).toBe(true);
    });

    it('follows an inventory report: a device that upgrades leaves the scope', async () => {
      const killed = await poll(old);
      expect(killed.body.integrations[v.camera].enabled).toBe(false);
      const upgraded = await api.request('PUT', '/v1/device/inventory', { token: old.credential, body: { items: [cam('3.5.1_00.68')] } });
      expect(upgraded.status).toBe(204);
      expect((await poll(old)).body.integrations[v.camera].enabled).toBe(true);
      await api.request('PUT', '/v1/device/inventory', { token: old.credential, body: { items: [cam('3.5.1_00.66')] } });
      expect((await poll(old)).body.integrations[v.camera].enabled).toBe(false);
    });

    it('dates a re-signed answer of the same rev after the previous one, so the device takes it (equal rev, later iat)', async () => {
      const before = decodeJwt((await poll(old)).body.snapshot);
      await api.request('PUT', '/v1/device/inventory', { token: old.credential, body: { items: [cam('3.5.1_00.68')] } });
      const after = decodeJwt((await poll(old)).body.snapshot);
      expect(after.rev).toBe(before.rev);
      expect(after.iat).toBeGreaterThan(before.iat!);
      await api.request('PUT', '/v1/device/inventory', { token: old.credential, body: { items: [cam('3.5.1_00.66')] } });
      expect(decodeJwt((await poll(old)).body.snapshot).iat).toBeGreaterThan(after.iat!);
    });
  });

  describe('PUT /v1/device/inventory bad input', () => {
    const cases: [string, unknown, RegExp][] = [
      ['too many items', { items: Array.from({ length: 65 }, (_, i) => ({ integration: 'a.b', vendorModel: 'm', vendorFirmware: `1.${i}` })) }, /at most 64/],
      ['a malformed version', { items: [{ integration: 'a.b', vendorModel: 'm', vendorFirmware: '1..2' }] }, /vendorFirmware must be a version/],
      ['a malformed integration key', { items: [{ integration: 'camera', vendorModel: 'm', vendorFirmware: '1' }] }, /integration must be vendor.capability/],
      ['an unknown field', { items: [{ integration: 'a.b', vendorModel: 'm', vendorFirmware: '1', secret: 1 }] }, /property secret should not exist/],
      ['no items', {}, /items is required/],
      ['items not a list', { items: 'all' }, /items must be a list/],
      ['a list where an item is due', { items: [[]] }, /^items must be a list of \{ integration, vendorModel, vendorFirmware \}$/],
      [
        'a list after a valid item',
        { items: [{ integration: 'a.b', vendorModel: 'm', vendorFirmware: '1' }, [{ integration: 'a.b', vendorModel: 'm', vendorFirmware: '1' }]] },
        /^items must be a list of \{ integration, vendorModel, vendorFirmware \}$/,
      ],
    ];
    it.each(cases)('refuses %s with 400 and keeps the stored inventory', async (_name, body, message) => {
      const before = await prisma.deviceInventoryItem.findMany({ where: { deviceId: fixed.id }, select: { vendorFirmware: true } });
      const response = await api.request('PUT', '/v1/device/inventory', { token: fixed.credential, body });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
      expect(await prisma.deviceInventoryItem.findMany({ where: { deviceId: fixed.id }, select: { vendorFirmware: true } })).toEqual(before);
    });
  });

  describe('PUT /v1/device/inventory against the catalogue, as at enrollment', () => {
    let ring: string; // a second vendor, whose only model is a doorbell
    let device: EnrolledDevice;

    beforeAll(async () => {
      ring = `ring-${v.vendor}`;
      for (const [path, body] of [
        ['/v1/vendors', { slug: ring, name: 'Ring' }],
        [`/v1/vendors/${ring}/models`, { slug: 'doorbell', name: 'Video Doorbell' }],
        ['/v1/integrations', { key: `${ring}.camera-stream`, vendor: ring, name: 'Doorbell camera' }],
      ] as const) {
        expect((await api.request('POST', path, { token, body })).status).toBe(201);
      }
      device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [cam('3.5.1_00.68')] });
    });

    /** What a refused report must leave as it was: the stored links, when they were reported, the audit log, the device's answer. */
    const state = async () => ({
      inventory: await prisma.deviceInventoryItem.findMany({
        where: { deviceId: device.id },
        select: { integration: true, vendorModel: true, vendorFirmware: true },
      }),
      inventoryAt: (await prisma.device.findUniqueOrThrow({ where: { id: device.id } })).inventoryAt,
      audit: await prisma.auditEntry.count(),
      integrations: (await poll(device)).body.integrations,
    });
    const report = (items: object[]) => api.request('PUT', '/v1/device/inventory', { token: device.credential, body: { items } });
    const enrollWith = (items: object[]) => api.request('POST', '/v1/devices', { token, body: { model: 'hub', firmware: '1.0', inventory: items } });

    const cases: [string, () => { items: object[]; message: string; details: string[] }][] = [
      [
        'an integration the catalogue lacks',
        () => ({
          items: [cam('3.5.1_00.68'), { integration: `${v.vendor}.unknown-cap`, vendorModel: 'mijia-cam-360', vendorFirmware: '1' }],
          message: `inventory names unknown integrations: ${v.vendor}.unknown-cap`,
          details: [`integration ${v.vendor}.unknown-cap is not in the catalogue`],
        }),
      ],
      [
        'a vendor the catalogue lacks',
        () => ({
          items: [{ integration: 'no-such-vendor.camera', vendorModel: 'mijia-cam-360', vendorFirmware: '1' }],
          message: 'inventory names unknown integrations: no-such-vendor.camera',
          details: ['integration no-such-vendor.camera is not in the catalogue'],
        }),
      ],
      [
        'a model the catalogue lacks',
        () => ({
          items: [{ integration: v.camera, vendorModel: 'no-such-model', vendorFirmware: '1' }],
          message: 'inventory names unknown vendor models: no-such-model',
          details: [`vendor model no-such-model is not in the catalogue for ${v.vendor}`],
        }),
      ],
      [
        "another vendor's models",
        () => ({
          items: [
            { integration: `${ring}.camera-stream`, vendorModel: 'mijia-cam-360', vendorFirmware: '1' },
            { integration: v.camera, vendorModel: 'doorbell', vendorFirmware: '1' },
          ],
          message: 'inventory names unknown vendor models: mijia-cam-360, doorbell',
          details: [`vendor model mijia-cam-360 is not in the catalogue for ${ring}`, `vendor model doorbell is not in the catalogue for ${v.vendor}`],
        }),
      ],
    ];
    it.each(cases)('refuses %s with 400 unknown_integration, as enrollment does, and writes nothing', async (_name, bad) => {
      const { items, message, details } = bad();
      const before = await state();
      const refused = await report(items);
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 400,
        body: expect.objectContaining({ code: 'unknown_integration', message, details }),
      });
      expect(await state()).toEqual(before);
      const atEnrollment = await enrollWith(items);
      expect({ status: atEnrollment.status, body: atEnrollment.body }).toEqual({
        status: 400,
        body: expect.objectContaining({ code: 'unknown_integration', message, details }),
      });
    });

    it('still takes a report the catalogue has, and stores an item listed twice once, as enrollment does', async () => {
      const items = [cam('3.5.1_00.66'), cam('3.5.1_00.66'), cam('3.5.1_00.68'), { integration: v.plug, vendorModel: 'mi-plug', vendorFirmware: '2.0' }];
      const links = [items[0], items[2], items[3]];
      const stored = (deviceId: string) =>
        prisma.deviceInventoryItem.findMany({
          where: { deviceId },
          select: { integration: true, vendorModel: true, vendorFirmware: true },
          orderBy: [{ integration: 'asc' }, { vendorFirmware: 'asc' }],
        });
      expect((await report(items)).status).toBe(204);
      expect(await stored(device.id)).toEqual(links);
      expect(Object.keys((await poll(device)).body.integrations).sort()).toEqual([v.camera, v.plug].sort());
      const enrolled = await enrollWith(items);
      expect(enrolled.status).toBe(201);
      expect(await stored(enrolled.body.id as string)).toEqual(links);
    });
  });

  describe('isolation', () => {
    it('gives each of many devices only its own answer, and refuses them admin routes', async () => {
      const devices = await Promise.all(
        Array.from({ length: 20 }, (_, i) => enroll(api, { model: 'hub', firmware: `1.${i}`, inventory: [cam(i % 2 ? '3.5.1_00.66' : '3.5.1_00.68')] })),
      );
      const jwks = createLocalJWKSet((await api.request('GET', '/.well-known/jwks.json')).body);
      for (const [i, device] of devices.entries()) {
        const response = await poll(device);
        const { payload } = await jwtVerify(response.body.snapshot, jwks);
        expect(payload.sub).toBe(device.id);
        expect(response.body.integrations[v.camera].enabled).toBe(i % 2 === 0);
        expect((await api.request('GET', `/v1/devices/${device.id}`, { token: device.credential })).status).toBe(403);
        expect((await api.request('POST', '/v1/kill-switches/preview', { token: device.credential, body: { scope: { vendor: v.vendor } } })).status).toBe(403);
        const other = devices[(i + 1) % devices.length];
        const ofrep = await api.request('POST', `/ofrep/v1/evaluate/flags/${v.camera}`, {
          token: device.credential,
          body: { context: { targetingKey: other.id } },
        });
        expect(ofrep.status).toBe(403);
      }
    });

    it('refuses a person on device routes, and a rotated or decommissioned device at once', async () => {
      const person = await api.request('GET', '/v1/device/flags', { token });
      expect(person.status).toBe(403);
      expect(person.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'this route takes a device credential',
        requestId: expect.any(String),
        code: 'forbidden',
      });
      const none = await api.request('GET', '/v1/device/flags');
      expect(none.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', requestId: expect.any(String) });
      expect((await api.request('PUT', '/v1/device/inventory', { token, body: { items: [] } })).status).toBe(403);
      const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [cam('3.5.1_00.68')] });
      expect((await poll(device)).status).toBe(200);
      const rotated = await api.request('POST', `/v1/devices/${device.id}/credential`, { token });
      expect(rotated.status).toBe(201);
      expect((await poll(device)).status).toBe(401);
      expect((await poll({ id: device.id, credential: rotated.body.credential })).status).toBe(200);
      expect((await api.request('DELETE', `/v1/devices/${device.id}`, { token })).status).toBe(204);
      expect((await poll({ id: device.id, credential: rotated.body.credential })).status).toBe(401);
    });
  });

  describe('OFREP', () => {
    const evaluate = (device: EnrolledDevice, key: string, body: unknown) =>
      api.request('POST', `/ofrep/v1/evaluate/flags/${key}`, { token: device.credential, body });

    it('answers a killed integration as value false, reason DISABLED', async () => {
      const response = await evaluate(old, v.camera, { context: { targetingKey: old.id, region: 'spoofed' } });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ key: v.camera, value: false, reason: 'DISABLED', variant: 'disabled' });
      expect(response.body.metadata.killSwitchIds).toEqual(expect.any(String));
      const enabled = await evaluate(fixed, v.camera, { context: { targetingKey: fixed.id } });
      expect(enabled.body).toMatchObject({ key: v.camera, value: true, reason: 'DEFAULT' });
    });

    it('evaluates a registered integration the device has not linked, and 404s unknown flags', async () => {
      const unlinked = await evaluate(fixed, v.plug, { context: { targetingKey: fixed.id } });
      expect(unlinked.status).toBe(200);
      expect(unlinked.body.value).toBe(true);
      const unknown = await evaluate(fixed, 'nobody.nothing', { context: { targetingKey: fixed.id } });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ key: 'nobody.nothing', errorCode: 'FLAG_NOT_FOUND', errorDetails: expect.any(String) });
    });

    it('refuses a body without context or targetingKey with OFREP error codes', async () => {
      expect((await evaluate(fixed, v.camera, {})).body).toMatchObject({ key: v.camera, errorCode: 'INVALID_CONTEXT' });
      expect((await evaluate(fixed, v.camera, { context: {} })).body).toMatchObject({ key: v.camera, errorCode: 'TARGETING_KEY_MISSING' });
      expect((await evaluate(fixed, v.camera, { context: { targetingKey: 7 } })).status).toBe(400);
      const bulk = await api.request('POST', '/ofrep/v1/evaluate/flags', { token: fixed.credential, body: { context: 'x' } });
      expect(bulk.status).toBe(400);
      expect(bulk.body.errorCode).toBe('INVALID_CONTEXT');
    });

    it('answers bulk evaluation with an ETag and 304 on If-None-Match', async () => {
      const body = { context: { targetingKey: old.id } };
      const first = await api.request('POST', '/ofrep/v1/evaluate/flags', { token: old.credential, body });
      expect(first.status).toBe(200);
      expect(first.body.flags).toEqual([expect.objectContaining({ key: v.camera, value: false, reason: 'DISABLED' })]);
      const again = await api.request('POST', '/ofrep/v1/evaluate/flags', {
        token: old.credential,
        body,
        headers: { 'if-none-match': first.headers.etag as string },
      });
      expect(again.status).toBe(304);
    });

    it("works with OpenFeature's own OFREP provider over HTTP", async () => {
      const { OpenFeature } = await import('@openfeature/server-sdk');
      const { OFREPProvider } = await import('@openfeature/ofrep-provider');
      const baseUrl = await api.listen();
      const provider = new OFREPProvider({ baseUrl, headers: [['Authorization', `Bearer ${old.credential}`]] });
      await OpenFeature.setProviderAndWait('killswitch-test', provider);
      const client = OpenFeature.getClient('killswitch-test');
      const killed = await client.getBooleanDetails(v.camera, true, { targetingKey: old.id });
      expect(killed).toMatchObject({ value: false, reason: 'DISABLED' });
      const unknown = await client.getBooleanDetails('nobody.nothing', true, { targetingKey: old.id });
      expect(unknown).toMatchObject({ value: true, errorCode: 'FLAG_NOT_FOUND' });
      const foreign = await client.getBooleanDetails(v.camera, true, { targetingKey: fixed.id });
      expect(foreign.value).toBe(true); // the default: refused, never another device's answer
      expect(foreign.errorCode).toBeDefined();
      await OpenFeature.close();
    });
  });
});
