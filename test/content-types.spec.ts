// Bodies that are not UTF-8 JSON: every type but application/json is a 415 that says to send JSON; a body that is
// not UTF-8, or is declared in another charset, is refused before anything reads it, never stored with replacement
// characters (RFC 8259 §8.1: JSON is UTF-8). Over a real connection, as clients send them.
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from './support/api-harness';
import { testPrisma } from './support/db';
import { enroll, seedVendor } from './support/fleet';

/** A response's JSON body, read as an object. */
const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

const SEND_JSON = 'send JSON with Content-Type: application/json';
const NOT_UTF8 = 'the body is not valid UTF-8: send JSON encoded in UTF-8 (RFC 8259)';

describe('request bodies that are not UTF-8 JSON', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;
  let base: string;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
    base = await api.listen();
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  const post = (path: string, token: string, contentType: string, body: string | Buffer) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  const incident = JSON.stringify({ title: 'content type test', severity: 'SEV4' });
  const incidents = () => prisma.incident.count();

  it('answers a body of any other type with a 415 that says to send JSON, writing nothing', async () => {
    const before = await incidents();
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/merge-patch+json',
    ]) {
      const response = await post('/v1/incidents', admin, type, type.startsWith('application/x-www') ? 'title=content+type+test&severity=SEV4' : incident);
      expect([type, response.status, await response.json()]).toEqual([
        type,
        415,
        expect.objectContaining({ statusCode: 415, code: 'unsupported_media_type', message: SEND_JSON }),
      ]);
    }
    expect(await incidents()).toBe(before);
  });

  it('reads an empty body of any type as no body (an action sent as a form, as `curl -d ""` sends one)', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
      const response = await post('/v1/incidents', admin, type, '');
      expect([type, response.status, (await json(response)).message]).toEqual([type, 400, expect.stringMatching(/^title must be/)]);
    }
  });

  it('refuses a body that is not UTF-8, or declared in another charset, writing nothing', async () => {
    const before = await incidents();
    const latin1 = Buffer.from(JSON.stringify({ title: 'café', severity: 'SEV4' }), 'latin1');
    const broken = Buffer.concat([Buffer.from('{"title":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' utf8","severity":"SEV4"}')]);

    const bad = await post('/v1/incidents', admin, 'application/json', broken);
    expect([bad.status, await bad.json()]).toEqual([400, expect.objectContaining({ code: 'invalid_input', message: NOT_UTF8 })]);
    const undeclared = await post('/v1/incidents', admin, 'application/json', latin1);
    expect([undeclared.status, (await json(undeclared)).message]).toEqual([400, NOT_UTF8]);
    const declared = await post('/v1/incidents', admin, 'application/json; charset=iso-8859-1', latin1);
    expect([declared.status, await declared.json()]).toEqual([
      415,
      expect.objectContaining({
        code: 'unsupported_media_type',
        message: 'the body is declared as iso-8859-1: send JSON encoded in UTF-8 (charset=utf-8, or no charset)',
      }),
    ]);
    expect(await incidents()).toBe(before);

    // UTF-8, with or without saying so, is taken.
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8']) {
      const made = await post('/v1/incidents', admin, type, Buffer.from(JSON.stringify({ title: 'café ☕', severity: 'SEV4' }), 'utf8'));
      expect([type, made.status, (await json(made)).title]).toEqual([type, 201, 'café ☕']);
    }
  });

  it("refuses a device's ack that is not UTF-8 (the acks' own fast path) and answers OFREP's 415 in its shape", async () => {
    const v = await seedVendor(api);
    const device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
    expect((await fetch(`${base}/v1/device/flags`, { headers: { authorization: `Bearer ${device.credential}` } })).status).toBe(200);
    const ack = Buffer.concat([Buffer.from('{"rev":1,"note":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const refused = await post('/v1/device/acks', device.credential, 'application/json', ack);
    expect([refused.status, (await json(refused)).message]).toEqual([400, NOT_UTF8]);
    const plain = await post('/v1/device/acks', device.credential, 'text/plain', '{"rev":0}');
    expect([plain.status, (await json(plain)).message]).toEqual([415, SEND_JSON]);

    const ofrep = await post('/ofrep/v1/evaluate/flags', device.credential, 'text/plain', JSON.stringify({ context: { targetingKey: device.id } }));
    expect([ofrep.status, await ofrep.json()]).toEqual([415, { errorCode: 'GENERAL', errorDetails: SEND_JSON }]);
  });
});
