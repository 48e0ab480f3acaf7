import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';

describe('Devices: externalId, search, and an inventory checked against the catalogue (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let token: string;
  let v: SeededVendor;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    token = await api.adminToken();
    v = await seedVendor(api);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await api.close();
  });

  const enroll = (body: Record<string, unknown>) => api.request('POST', '/v1/devices', { token, body: { model: 'nest-hub-2', firmware: '1.56.3', ...body } });
  const search = async (q: string) => {
    const response = await api.request('GET', `/v1/devices?q=${encodeURIComponent(q)}&limit=100`, { token });
    expect(response.status).toBe(200);
    return (response.body.items as { id: string; externalId: string | null }[]).map((d) => d.externalId ?? d.id);
  };
  /** Devices and audit entries: an enrollment refused must write neither. */
  const written = async () => ({ devices: await prisma.device.count(), audit: await prisma.auditEntry.count() });

  it('keeps the externalId, finds the device by its id or by the start of its externalId, and matches % _ \\ literally', async () => {
    const ids = [`SN-${run}-001`, `SN-${run}-002`, `SN-${run}-1%0`, `SN-${run}-1_0`, `SN-${run}-1\\0`];
    const enrolled = [];
    for (const externalId of ids) {
      const response = await enroll({ externalId, inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1' }] });
      expect(response.status).toBe(201);
      expect(response.body.externalId).toBe(externalId);
      enrolled.push(response.body.id as string);
    }
    expect((await api.request('GET', `/v1/devices/${enrolled[0]}`, { token })).body.externalId).toBe(ids[0]);

    expect(await search(`SN-${run}-00`)).toEqual([ids[0], ids[1]]);
    expect(await search(`SN-${run}-1%`)).toEqual([ids[2]]);
    expect(await search(`SN-${run}-1_`)).toEqual([ids[3]]);
    expect(await search(`SN-${run}-1\\`)).toEqual([ids[4]]);
    expect(await search(`SN-${run}-%`)).toEqual([]);
    expect(await search(enrolled[1])).toEqual([ids[1]]);
    expect(await search(enrolled[1].toUpperCase())).toEqual([ids[1]]);
    expect(await search(`sn-${run}`)).toEqual([]); // case-sensitive, as serials are
  });

  it('answers SQL and regex metacharacters with a correct empty result', async () => {
    for (const q of ["'; DROP TABLE devices; --", '.*', '^(a+)+$', '[', '" OR 1=1 --', 'ü🙂']) expect(await search(q)).toEqual([]);
    expect(await prisma.device.count()).toBeGreaterThan(0);
  });

  it('refuses a search text with control characters or over 128 characters, saying what to fix', async () => {
    for (const q of ['a\u0001b', 'x'.repeat(129)]) {
      const response = await api.request('GET', `/v1/devices?q=${encodeURIComponent(q)}`, { token });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('q must be 1-128 characters without control characters');
    }
  });

  it('refuses a second device with the same externalId with 409 already_exists, writing nothing', async () => {
    const externalId = `dup-${run}`;
    expect((await enroll({ externalId })).status).toBe(201);
    const before = await written();
    const again = await enroll({ externalId });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'already_exists', message: `a device with externalId ${externalId} is already enrolled` });
    expect(await written()).toEqual(before);
  });

  it('refuses an externalId of the wrong shape with 400', async () => {
    const before = await written();
    for (const externalId of [' lead', 'trail ', '', 'x'.repeat(129), 'tab\there', 42, null]) {
      const response = await enroll({ externalId });
      expect(response.status).toBe(400);
      expect(response.text).toContain('externalId');
    }
    expect(await written()).toEqual(before);
  });

  it('refuses an inventory naming an integration or a vendor model the catalogue lacks with 400 unknown_integration, writing nothing', async () => {
    const before = await written();
    const nope = await enroll({ inventory: [{ integration: `${v.vendor}.nope`, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }] });
    expect(nope.status).toBe(400);
    expect(nope.body).toMatchObject({ code: 'unknown_integration', details: [`integration ${v.vendor}.nope is not in the catalogue`] });

    const noVendor = await enroll({ inventory: [{ integration: `no-such-${run}.camera`, vendorModel: 'm', vendorFirmware: '1.0' }] });
    expect(noVendor.status).toBe(400);
    expect(noVendor.body.code).toBe('unknown_integration');

    const model = await enroll({
      inventory: [
        { integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' },
        { integration: v.plug, vendorModel: 'no-such-plug', vendorFirmware: '1.0' },
      ],
    });
    expect(model.status).toBe(400);
    expect(model.body).toMatchObject({ code: 'unknown_integration', details: [`vendor model no-such-plug is not in the catalogue for ${v.vendor}`] });
    expect(await written()).toEqual(before);
  });
});
