import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';

describe('kill switches (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let token: string;
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    token = await api.adminToken();
    v = await seedVendor(api);
    const cam = (vendorFirmware: string) => ({ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware });
    await enroll(api, { model: 'hub', firmware: '1.0', region: 'eu', inventory: [cam('3.5.1_00.66')] });
    await enroll(api, { model: 'hub', firmware: '1.0', region: 'us', inventory: [cam('3.5.1_00.66'), cam('3.5.1_00.68')] });
    await enroll(api, { model: 'display', firmware: '2.1', region: 'eu', inventory: [cam('3.5.1_00.68')] });
    await enroll(api, { model: 'display', firmware: '2.1', region: 'eu', inventory: [{ integration: v.plug, vendorModel: 'mi-plug', vendorFirmware: '1.2' }] });
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  const preview = (scope: object) => api.request('POST', '/v1/kill-switches/preview', { token, body: { scope } });

  describe('catalogue', () => {
    it('refuses duplicates, keys of another vendor and unknown vendors', async () => {
      expect((await api.request('POST', '/v1/vendors', { token, body: { slug: v.vendor, name: 'again' } })).status).toBe(409);
      const foreign = await api.request('POST', '/v1/integrations', { token, body: { key: `other.camera-stream`, vendor: v.vendor, name: 'x' } });
      expect(foreign.status).toBe(400);
      expect(foreign.body.message).toBe(`key must start with the vendor: ${v.vendor}.<capability>`);
      const unknown = await api.request('POST', '/v1/integrations', { token, body: { key: 'nobody.x', vendor: 'nobody', name: 'x' } });
      expect(unknown.status).toBe(400);
      expect((await api.request('POST', '/v1/vendors/nobody/models', { token, body: { slug: 'm', name: 'm' } })).status).toBe(404);
    });

    it('changes an integration fail mode and lists vendors with their integrations', async () => {
      const patched = await api.request('PATCH', `/v1/integrations/${v.plug}`, { token, body: { failMode: 'closed' } });
      expect(patched.status).toBe(200);
      expect(patched.body.failMode).toBe('closed');
      expect((await api.request('PATCH', `/v1/integrations/${v.plug}`, { token, body: { failMode: 'ajar' } })).status).toBe(400);
      const vendors = await api.request('GET', '/v1/vendors?limit=500', { token });
      const mine = vendors.body.items.find((x: { slug: string }) => x.slug === v.vendor);
      expect(mine.integrations.map((i: { key: string }) => i.key)).toEqual([v.camera, v.plug]);
      expect(mine.models.map((m: { slug: string }) => m.slug)).toEqual(['mi-plug', 'mijia-cam-360']);
    });
  });

  describe('preview', () => {
    it('counts distinct devices and links, with a breakdown by vendor firmware', async () => {
      const response = await preview({ vendor: v.vendor, integration: v.camera });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        affectedDevices: 3,
        matchingLinks: 4,
        byVendorFirmware: [
          { vendorFirmware: '3.5.1_00.66', devices: 2, links: 2 },
          { vendorFirmware: '3.5.1_00.68', devices: 2, links: 2 },
        ],
      });
    });

    it('applies firmware matchers in the documented version order', async () => {
      // lt 3.5.1_00.68 across the whole vendor also takes the plug on firmware 1.2
      expect((await preview({ vendor: v.vendor, vendorFirmware: { lt: '3.5.1_00.68' } })).body.affectedDevices).toBe(3);
      expect((await preview({ vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } })).body.affectedDevices).toBe(2);
      expect((await preview({ vendor: v.vendor, vendorFirmware: { eq: '3.5.1.0.66' } })).body.affectedDevices).toBe(2);
      expect((await preview({ vendor: v.vendor, vendorFirmware: { between: ['3.5.1_00.67', '3.5.2'] } })).body.affectedDevices).toBe(2);
      expect((await preview({ vendor: v.vendor, vendorFirmware: { in: ['1.2', '3.5.1_00.68'] } })).body.affectedDevices).toBe(3);
      expect((await preview({ vendor: v.vendor, deviceFirmware: { gte: '2' } })).body.affectedDevices).toBe(2);
      expect((await preview({ vendor: v.vendor, region: 'eu', deviceModel: 'display' })).body.affectedDevices).toBe(2);
      expect((await preview({ vendor: v.vendor, integration: v.camera, vendorModel: 'mijia-cam-360', region: 'us' })).body.affectedDevices).toBe(1);
    });
  });

  describe('bad input', () => {
    const cases: [string, object, RegExp][] = [
      ['no reason', { scope: { vendor: 'V' } }, /reason is required/],
      ['an unknown vendor', { scope: { vendor: 'nobody-here' }, reason: 'test' }, /scope.vendor: vendor nobody-here does not exist/],
      ['an integration of another vendor', { scope: { vendor: 'V', integration: 'other.camera-stream' }, reason: 'test' }, /is not an integration of vendor/],
      ['an unknown vendor model', { scope: { vendor: 'V', vendorModel: 'nope' }, reason: 'test' }, /has no model nope/],
      ['a malformed version', { scope: { vendor: 'V', vendorFirmware: { lt: '3.5 beta' } }, reason: 'test' }, /vendorFirmware.lt must be a version/],
      ['two operators', { scope: { vendor: 'V', vendorFirmware: { lt: '1', gt: '0' } }, reason: 'test' }, /exactly one of eq, in, lt, lte, gt, gte, between/],
      ['a reversed range', { scope: { vendor: 'V', deviceFirmware: { between: ['2', '1'] } }, reason: 'test' }, /between/],
      ['an unknown scope field', { scope: { vendor: 'V', colour: 'red' }, reason: 'test' }, /property colour should not exist/],
      ['no scope', { reason: 'test' }, /scope is required/],
      [
        'an unknown incident',
        { scope: { vendor: 'V' }, reason: 'test', incidentId: '00000000-0000-4000-8000-000000000000' },
        /incidentId: incident .* does not exist/,
      ],
    ];

    it.each(cases)('refuses %s with 400, writing nothing', async (_name, body, message) => {
      const withVendor = JSON.parse(JSON.stringify(body).replace(/"V"/g, JSON.stringify(v.vendor)));
      const [kills, rev, outbox] = await Promise.all([
        prisma.killSwitch.count(),
        prisma.revision.findUniqueOrThrow({ where: { id: 1 } }),
        prisma.outboxMessage.count(),
      ]);
      const response = await api.request('POST', '/v1/kill-switches', { token, body: withVendor });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
      expect(await prisma.killSwitch.count()).toBe(kills);
      expect((await prisma.revision.findUniqueOrThrow({ where: { id: 1 } })).rev).toBe(rev.rev);
      expect(await prisma.outboxMessage.count()).toBe(outbox);
    });

    it('lets only admins and responders kill', async () => {
      for (const role of ['approver', 'auditor']) {
        const user = await api.userWith(role);
        const response = await api.request('POST', '/v1/kill-switches', { token: user.token, body: { scope: { vendor: v.vendor }, reason: 'test' } });
        expect(response.status).toBe(403);
      }
    });
  });

  describe('create', () => {
    it('takes effect at once: raises the revision, counts devices, and writes audit, revocation and outbox together', async () => {
      const before = (await prisma.revision.findUniqueOrThrow({ where: { id: 1 } })).rev;
      const response = await api.request('POST', '/v1/kill-switches', {
        token,
        body: { scope: { vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } }, reason: 'strangers feeds on 3.5.1_00.66' },
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        state: 'active',
        revision: expect.any(Number),
        affectedDevices: 2,
        revocationId: expect.any(String),
      });
      expect(BigInt(response.body.revision)).toBeGreaterThan(before);
      const revocation = await prisma.revocation.findUniqueOrThrow({ where: { id: response.body.revocationId } });
      expect(revocation).toMatchObject({ killSwitchId: response.body.id, kind: 'kill', target: 2 });
      const outbox = await prisma.outboxMessage.findFirstOrThrow({
        where: { topic: 'kill.created', payload: { path: ['revocationId'], equals: revocation.id } },
      });
      expect(outbox.payload).toMatchObject({ killSwitchId: response.body.id, revision: String(response.body.revision), affectedDevices: 2 });
      const audit = await prisma.auditEntry.findFirst({ where: { action: 'kill-switch.create', targetId: response.body.id } });
      expect(audit).toMatchObject({ reason: 'strangers feeds on 3.5.1_00.66', outcome: 'ok' });

      const got = await api.request('GET', `/v1/kill-switches/${response.body.id}`, { token });
      expect(got.body).toMatchObject({
        id: response.body.id,
        state: 'active',
        affectedDevices: 2,
        revocationId: revocation.id,
        scope: { vendor: v.vendor, vendorFirmware: { lt: '3.5.1_00.68' } },
      });
      const listed = await api.request('GET', `/v1/kill-switches?vendor=${v.vendor}&state=active`, { token });
      expect(listed.body.items.map((k: { id: string }) => k.id)).toContain(response.body.id);
    });
  });
});
