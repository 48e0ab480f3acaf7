// The bad input of issue 12, case by case, with the exact message each answer
// must give. test/input-fuzz.spec.ts sends the same classes to every route.
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from './support/api-harness';
import { testPrisma } from './support/db';
import { enroll, SeededVendor, seedVendor } from './support/fleet';

type User = Awaited<ReturnType<TestApi['userWith']>>;

/** `{"a":{"a":…}}` nested `depth` objects deep under `field`. */
function deepJson(field: string, depth: number): string {
  return `{"${field}":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}

describe('bad input', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;
  let responder: User;
  let approver: User;
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
    responder = await api.userWith('responder');
    approver = await api.userWith('approver');
    v = await seedVendor(api);
    await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] });
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  const expect400 = (response: { status: number; body: { message?: string } }, message: string) =>
    expect({ status: response.status, message: response.body?.message }).toEqual({ status: 400, message });

  async function pendingLift(): Promise<string> {
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: responder.token,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'strangers feeds' },
    });
    expect(kill.status).toBe(201);
    const lift = await api.request('POST', `/v1/kill-switches/${kill.body.id}/lift-requests`, { token: responder.token, body: { reason: 'fix shipped' } });
    expect(lift.status).toBe(201);
    return lift.body.id as string;
  }

  it('refuses JSON nested 5,000 deep in an unknown field with a 400 naming the depth limit', async () => {
    const incidents = await prisma.incident.count();
    const response = await api.request('POST', '/v1/incidents', { token: admin, rawBody: deepJson('extra', 5000) });
    expect400(response, 'JSON nested deeper than 32 levels');
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'JSON nested deeper than 32 levels',
      requestId: expect.any(String),
      code: 'invalid_input',
    });
    expect(await prisma.incident.count()).toBe(incidents);
  });

  it('accepts JSON nested as deep as a real body is', async () => {
    const response = await api.request('POST', '/v1/kill-switches/preview', {
      token: admin,
      body: { scope: { vendor: v.vendor, vendorFirmware: { in: ['3.5.1_00.66'] } } },
    });
    expect(response.status).toBe(200);
  });

  it('refuses an explicit null for an optional field, saying to omit it, and writes nothing', async () => {
    const user = await api.userWith('auditor');
    expect400(await api.request('PATCH', `/v1/users/${user.id}`, { token: admin, body: { roles: null } }), 'roles must not be null (omit it instead)');
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).roles).toEqual(['auditor']);

    expect400(await api.request('PATCH', `/v1/integrations/${v.camera}`, { token: admin, body: { name: null } }), 'name must not be null (omit it instead)');
    expect((await prisma.integration.findUniqueOrThrow({ where: { key: v.camera } })).name).toBe('Camera streaming');

    const kills = await prisma.killSwitch.count();
    const scope = { vendor: v.vendor, integration: v.camera, vendorFirmware: null };
    expect400(
      await api.request('POST', '/v1/kill-switches', { token: admin, body: { scope, reason: 'null matcher' } }),
      'scope.vendorFirmware must not be null (omit it instead)',
    );
    expect400(
      await api.request('POST', '/v1/kill-switches/preview', { token: admin, body: { scope } }),
      'scope.vendorFirmware must not be null (omit it instead)',
    );
    expect(await prisma.killSwitch.count()).toBe(kills);
  });

  it('still takes null where the contract gives it a meaning (an incident summary: null clears it)', async () => {
    const created = await api.request('POST', '/v1/incidents', { token: admin, body: { title: 'null summary', severity: 'SEV3', summary: 'to clear' } });
    const cleared = await api.request('PATCH', `/v1/incidents/${created.body.id}`, { token: admin, body: { summary: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.summary).toBeNull();
  });

  it('refuses a list where an object is due inside a list with a 400 naming the list, as for null or a string, and writes nothing', async () => {
    const signals = await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'bad input signals', roles: ['signals'] } });
    expect(signals.status).toBe(201);
    const device = await enroll(api, { model: 'hub', firmware: '1.0' });
    const notification = (alerts: unknown[]) => ({
      version: '4',
      groupKey: 'g',
      status: 'firing',
      receiver: 'r',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts,
    });
    const routes: [string, string, string, (element: unknown) => object, string][] = [
      [
        'PUT',
        '/v1/device/inventory',
        device.credential,
        (element) => ({ items: [element] }),
        'items must be a list of { integration, vendorModel, vendorFirmware }',
      ],
      [
        'POST',
        '/v1/devices',
        admin,
        (element) => ({ model: 'hub', firmware: '1.0', inventory: [element] }),
        'inventory must be a list of { integration, vendorModel, vendorFirmware }',
      ],
      [
        'POST',
        '/v1/signals/alertmanager',
        signals.body.token as string,
        (element) => notification([element]),
        'alerts must be a list of alerts: { status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint }',
      ],
    ];
    const written = async () => ({
      devices: await prisma.device.count(),
      inventory: await prisma.deviceInventoryItem.count(),
      proposals: await prisma.proposal.count(),
      incidents: await prisma.incident.count(),
      audit: await prisma.auditEntry.count(),
    });
    const before = await written();
    const answers: string[] = [];
    for (const [method, path, token, body] of routes) {
      for (const element of [[], [{}], null, 'x']) {
        const response = await api.request(method, path, { token, body: body(element) });
        const message = String(response.body?.message);
        // what is wrong with the objects inside a misplaced list is listed after it
        answers.push(`${path} ${JSON.stringify(element)}: ${response.status} ${Array.isArray(element) && element.length ? message.split('; ')[0] : message}`);
      }
    }
    expect(answers).toEqual(routes.flatMap(([, path, , , message]) => ['[]', '[{}]', 'null', '"x"'].map((element) => `${path} ${element}: 400 ${message}`)));
    expect(await written()).toEqual(before);
  });

  it('refuses a name or title of only spaces with a 400 saying so, and writes nothing', async () => {
    const incident = await api.request('POST', '/v1/incidents', { token: admin, body: { title: 'named incident', severity: 'SEV3' } });
    expect(incident.status).toBe(201);
    const catalogueName = 'name must be 1-200 characters, not only spaces';
    const refusals: [string, string, object, string][] = [
      ['POST', '/v1/vendors', { slug: 'blank-name', name: ' ' }, catalogueName],
      ['POST', `/v1/vendors/${v.vendor}/models`, { slug: 'blank-name', name: '   ' }, catalogueName],
      ['POST', '/v1/integrations', { key: `${v.vendor}.blank-name`, vendor: v.vendor, name: '\u00a0\u3000' }, catalogueName],
      ['PATCH', `/v1/integrations/${v.camera}`, { name: '  ' }, catalogueName],
      ['POST', '/v1/incidents', { title: '     ', severity: 'SEV3' }, 'title must be 3 to 200 characters on one line, not only spaces'],
      ['PATCH', `/v1/incidents/${incident.body.id}`, { title: '   ' }, 'title must be 3 to 200 characters on one line, not only spaces'],
      [
        'POST',
        '/v1/auto-kill-policies',
        { name: '    ', match: { vendor: v.vendor }, integration: v.camera, maxAffectedDevices: 1 },
        'name must be 3 to 100 characters on one line, not only spaces',
      ],
      ['POST', '/v1/api-tokens', { name: ' ', roles: ['admin'] }, 'name must be 1-100 letters, digits, spaces or ._:@/-, not only spaces'],
    ];
    const written = async () => ({
      vendors: await prisma.vendor.count(),
      models: await prisma.vendorModel.count(),
      integrations: await prisma.integration.findMany({ select: { key: true, name: true }, orderBy: { key: 'asc' } }),
      incidents: await prisma.incident.findMany({ select: { id: true, title: true }, orderBy: { id: 'asc' } }),
      policies: await prisma.autoKillPolicy.count(),
      tokens: await prisma.apiToken.count(),
    });
    const before = await written();
    const answers: string[] = [];
    for (const [method, path, body] of refusals) {
      const response = await api.request(method, path, { token: admin, body });
      answers.push(`${method} ${path}: ${response.status} ${response.body?.message}`);
    }
    expect(answers).toEqual(refusals.map(([method, path, , message]) => `${method} ${path}: 400 ${message}`));
    expect(await written()).toEqual(before);
  });

  it('refuses NUL characters in body strings, path parameters and query parameters', async () => {
    const vendors = await prisma.vendor.count();
    expect400(
      await api.request('POST', '/v1/vendors', { token: admin, body: { slug: 'nul-vendor', name: 'Xia\u0000omi' } }),
      'name must not contain NUL characters',
    );
    expect400(
      await api.request('POST', '/v1/devices', {
        token: admin,
        body: { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia\u0000', vendorFirmware: '1' }] },
      }),
      'inventory.0.vendorModel must not contain NUL characters',
    );
    expect400(await api.request('POST', '/v1/vendors/%00/models', { token: admin, body: { slug: 'm', name: 'M' } }), 'slug must not contain NUL characters');
    expect400(await api.request('PATCH', '/v1/integrations/a%00b', { token: admin, body: { name: 'x' } }), 'key must not contain NUL characters');
    expect400(await api.request('GET', '/v1/devices?q=ab%00c', { token: admin }), 'q must not contain NUL characters');
    expect(await prisma.vendor.count()).toBe(vendors);
  });

  it.each([
    '/v1/devices',
    '/v1/users',
    '/v1/api-tokens',
    '/v1/vendors',
    '/v1/integrations',
    '/v1/kill-switches',
    '/v1/lift-requests',
    '/v1/incidents',
    '/v1/audit',
    '/v1/audit/checkpoints',
  ])('refuses a malformed cursor on GET %s with a 400 that says to use nextCursor', async (path) => {
    for (const cursor of ['garbage', encodeURIComponent(Buffer.from('\u0000x').toString('base64url')), 'AAAA', '']) {
      expect400(await api.request('GET', `${path}?cursor=${cursor}`, { token: admin }), 'cursor is not valid; use nextCursor from the previous page');
    }
  });

  it('still pages with the nextCursor of the previous page', async () => {
    const first = await api.request('GET', '/v1/users?limit=1', { token: admin });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.request('GET', `/v1/users?limit=1&cursor=${first.body.nextCursor}`, { token: admin });
    expect(second.status).toBe(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('accepts a POST with no body on an action route whose fields are all optional', async () => {
    const id = await pendingLift();
    const approved = await api.app.inject({ method: 'POST', url: `/v1/lift-requests/${id}/approve`, headers: { authorization: `Bearer ${approver.token}` } });
    expect({ status: approved.statusCode, state: JSON.parse(approved.body).state }).toEqual({ status: 200, state: 'completed' });

    const other = await pendingLift();
    const aborted = await api.app.inject({
      method: 'POST',
      url: `/v1/lift-requests/${other}/abort`,
      headers: { authorization: `Bearer ${responder.token}`, 'content-type': 'application/json', 'content-length': '0' },
    });
    expect(aborted.statusCode).toBe(200);
  });

  it('answers a POST with no body on a route that needs fields with what is missing, each problem named once', async () => {
    const id = await pendingLift();
    const rejected = await api.app.inject({ method: 'POST', url: `/v1/lift-requests/${id}/reject`, headers: { authorization: `Bearer ${approver.token}` } });
    expect({ status: rejected.statusCode, message: JSON.parse(rejected.body).message }).toEqual({
      status: 400,
      message: 'reason is required to reject: say why, in 3 to 2000 characters',
    });
    expect400(
      await api.request('POST', `/v1/lift-requests/${id}/reject`, { token: approver.token, body: {} }),
      'reason is required to reject: say why, in 3 to 2000 characters',
    );
    expect((await prisma.liftRequest.findUniqueOrThrow({ where: { id } })).state).toBe('pending');
  });

  it('still refuses a JSON body that is not an object', async () => {
    for (const rawBody of ['null', '[]', '"x"', '3']) {
      expect400(await api.request('POST', '/v1/incidents', { token: admin, rawBody }), 'the request body must be a JSON object');
    }
  });

  it('answers a 2 MB body with a readable 413 over a real connection, every time', async () => {
    const base = await api.listen();
    const body = JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024), severity: 'SEV3' });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        const response = await fetch(`${base}/v1/incidents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body,
        });
        const json = (await response.json()) as { message: string };
        outcomes.push(`${response.status} ${json.message}`);
      } catch (error) {
        outcomes.push(`failed: ${String((error as Error & { cause?: unknown }).cause ?? error)}`);
      }
    }
    expect(outcomes).toEqual(Array(20).fill('413 Request body is too large'));
  });
});
