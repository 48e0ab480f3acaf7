// The bad input of issue 12, case by case, with the exact message each answer
// must give. test/input-fuzz.spec.ts sends the same classes to every route.
import { gzipSync } from 'node:zlib';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from './support/api-harness';
import { testPrisma } from './support/db';
import { alertmanagerAlert, alertmanagerNotification } from './support/alertmanager';
import { EnrolledDevice, enroll, SeededVendor, seedVendor } from './support/fleet';

type User = Awaited<ReturnType<TestApi['userWith']>>;

/** `{"a":{"a":…}}` nested `depth` objects deep under `field`. */
function deepJson(field: string, depth: number): string {
  return `{"${field}":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}

/** The 400 line for a lone surrogate at `path` (JSON.stringify writes one as a `\udXXX` escape, as a client would send it). */
const loneSurrogateAt = (path: string) =>
  `${path} is not valid Unicode: it holds a lone UTF-16 surrogate (a \\uD800-\\uDFFF escape without its pair); send whole characters`;

/** The 415 of a content-encoded body, but for its status and request id. */
const CONTENT_ENCODED = {
  error: 'Unsupported Media Type',
  message: 'request bodies must not be content-encoded (Content-Encoding: gzip): send the JSON uncompressed, without Content-Encoding',
  code: 'unsupported_media_type',
};

/** A request the API must refuse with `400 message` (only the message's first clause compared when `firstClause`). */
interface Refusal {
  label: string;
  send: () => Promise<{ status: number; body: { message?: unknown } }>;
  message: string;
  firstClause?: boolean;
}

/** Sends each refusal in turn and expects each answer to be its 400, and `written` to read the same after as before. */
async function expectRefusedWithoutWrites(refusals: Refusal[], written: () => Promise<unknown>): Promise<void> {
  const before = await written();
  const answers: string[] = [];
  for (const { label, send, firstClause } of refusals) {
    const response = await send();
    const message = String(response.body?.message);
    answers.push(`${label}: ${response.status} ${firstClause ? message.split('; ')[0] : message}`);
  }
  expect(answers).toEqual(refusals.map(({ label, message }) => `${label}: 400 ${message}`));
  expect(await written()).toEqual(before);
}

describe('bad input', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;
  let responder: User;
  let approver: User;
  let v: SeededVendor;
  let device: EnrolledDevice;
  let signals: string;
  let listening: Promise<string> | undefined;
  /** The API over a real connection (the device acks' early answer is on Node's request event, which inject skips); it listens once. */
  const baseUrl = () => (listening ??= api.listen());

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
    responder = await api.userWith('responder');
    approver = await api.userWith('approver');
    v = await seedVendor(api);
    device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
    signals = (await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'bad-input signals', roles: ['signals'] } })).body.token;
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
        (element) => alertmanagerNotification([element]),
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
    await expectRefusedWithoutWrites(
      routes.flatMap(([method, path, token, body, message]) =>
        [[], [{}], null, 'x'].map((element) => ({
          label: `${path} ${JSON.stringify(element)}`,
          send: () => api.request(method, path, { token, body: body(element) }),
          message,
          // what is wrong with the objects inside a misplaced list is listed after it
          firstClause: Array.isArray(element) && element.length > 0,
        })),
      ),
      written,
    );
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
    await expectRefusedWithoutWrites(
      refusals.map(([method, path, body, message]) => ({
        label: `${method} ${path}`,
        send: () => api.request(method, path, { token: admin, body }),
        message,
      })),
      written,
    );
  });

  it('refuses a required reason or summary of only spaces with a 400 saying so, and writes nothing', async () => {
    const reason = 'reason must say why in words, not only spaces';
    const somewhere = '0193a3c4-5678-7abc-8def-0123456789ab'; // the body is checked before the id is looked up
    const refusals: [string, string, object, string, string][] = [
      [admin, '/v1/kill-switches', { scope: { vendor: v.vendor }, reason: '     ' }, reason, 'kill'],
      [admin, `/v1/kill-switches/${somewhere}/lift-requests`, { reason: ' \t  ' }, reason, 'lift request'],
      [admin, `/v1/lift-requests/${somewhere}/reject`, { reason: '\u00a0\u00a0\u00a0' }, reason, 'rejection'],
      [admin, `/v1/proposals/${somewhere}/dismiss`, { reason: '    ' }, reason, 'dismissal'],
      [
        signals,
        '/v1/signals',
        { source: 'probe', fingerprint: 'blank', summary: '   ', scope: { vendor: v.vendor } },
        'summary must say what happened in words, not only spaces',
        'signal',
      ],
    ];
    const written = async () => ({
      kills: await prisma.killSwitch.count(),
      lifts: await prisma.liftRequest.count(),
      proposals: await prisma.proposal.count(),
      audit: await prisma.auditEntry.count(),
    });
    await expectRefusedWithoutWrites(
      refusals.map(([token, path, body, message, what]) => ({ label: what, send: () => api.request('POST', path, { token, body }), message })),
      written,
    );
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

  it('refuses a cursor whose number is past PostgreSQL’s bigint, and audit dates JavaScript cannot read, with a 400', async () => {
    const cursor = (key: string) => Buffer.from(key).toString('base64url');
    const incident = await api.request('POST', '/v1/incidents', { token: admin, body: { title: 'paged timeline', severity: 'SEV4' } });
    expect(incident.status).toBe(201);
    for (const path of [
      `/v1/audit?cursor=${cursor('9223372036854775808')}`,
      `/v1/audit?cursor=${cursor('9999999999999999999')}`,
      `/v1/audit/checkpoints?cursor=${cursor('9223372036854775808')}`,
      `/v1/incidents/${incident.body.id}/timeline?cursor=${cursor('2026-12-07T00:00:00.000Z|9223372036854775808')}`,
    ]) {
      expect400(await api.request('GET', path, { token: admin }), 'cursor is not valid; use nextCursor from the previous page');
    }
    // The largest bigint is still a cursor (nothing is past it on the list).
    expect((await api.request('GET', `/v1/audit?cursor=${cursor('9223372036854775807')}&limit=1`, { token: admin })).status).toBe(200);
    for (const date of ['2026-W49-1', '2026-341', '20260131T120000Z', '2026-01-31T12:00:00,5Z']) {
      expect400(await api.request('GET', `/v1/audit?from=${date}`, { token: admin }), 'from must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z');
      expect400(await api.request('GET', `/v1/audit?to=${date}`, { token: admin }), 'to must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z');
    }
    expect((await api.request('GET', '/v1/audit?from=2026-01-31&to=2026-02-01T00:00:00%2B01:00', { token: admin })).status).toBe(200);
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
    const base = await baseUrl();
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
    expect(outcomes).toEqual(Array(20).fill('413 request body is too large'));
  });

  describe('lone UTF-16 surrogates', () => {
    const LONE = ['\ud800', '\udc00', 'a\ud800b'];
    const alertmanager = (edit: (alert: Record<string, unknown>, payload: Record<string, unknown>) => void) => {
      const alert = alertmanagerAlert({ killswitch_vendor: v.vendor, killswitch_integration: 'camera-stream' });
      const payload = alertmanagerNotification([alert]);
      edit(alert as unknown as Record<string, unknown>, payload);
      return payload;
    };
    const writes = async () => ({
      kills: await prisma.killSwitch.count(),
      users: await prisma.user.count(),
      proposals: await prisma.proposal.count(),
      incidents: await prisma.incident.count(),
      outbox: await prisma.outboxMessage.count(),
      audit: await prisma.auditEntry.count(),
    });

    // Each body is valid but for the lone surrogate: before the parser refused them, these made 500s deep inside.
    const cases: [string, string, (text: string) => { body: unknown; token: () => string }, string][] = [
      [
        'POST /v1/kill-switches',
        'deviceMessage',
        (text) => ({ token: () => responder.token, body: { scope: { vendor: v.vendor }, reason: 'lone surrogate', deviceMessage: text } }),
        'deviceMessage',
      ],
      [
        'POST /v1/signals',
        'summary',
        (text) => ({ token: () => signals, body: { source: 'grafana', fingerprint: 'lone-surrogate', summary: text, scope: { vendor: v.vendor } } }),
        'summary',
      ],
      [
        'POST /v1/users',
        'email',
        (text) => ({ token: () => admin, body: { email: `${text}@killswitch.test`, password: 'Pass-word-12345-abc', roles: ['auditor'] } }),
        'email',
      ],
      ['POST /v1/signals/alertmanager', 'groupKey', (text) => ({ token: () => signals, body: alertmanager((_a, p) => (p.groupKey = text)) }), 'groupKey'],
      [
        'POST /v1/signals/alertmanager',
        'an alert label',
        (text) => ({ token: () => signals, body: alertmanager((a) => ((a.labels as Record<string, string>).alertname = `Leak${text}`)) }),
        'alerts.0.labels.alertname',
      ],
      [
        'POST /v1/signals/alertmanager',
        'the scope label',
        (text) => ({ token: () => signals, body: alertmanager((a) => ((a.labels as Record<string, string>).killswitch_region = text)) }),
        'alerts.0.labels.killswitch_region',
      ],
      [
        'POST /v1/signals/alertmanager',
        'an annotation',
        (text) => ({ token: () => signals, body: alertmanager((a) => ((a.annotations as Record<string, string>).summary = text)) }),
        'alerts.0.annotations.summary',
      ],
      [
        'POST /v1/signals/alertmanager',
        'a label name',
        (text) => ({ token: () => signals, body: alertmanager((a) => ((a.labels as Record<string, string>)[`team${text}`] = 'cameras')) }),
        'a field name in alerts.0.labels',
      ],
    ];
    it.each(cases)('refuses %s with one in %s, naming where, and writes nothing', async (route, _field, make, path) => {
      const [method, url] = route.split(' ');
      for (const text of LONE) {
        const before = await writes();
        const { body, token } = make(text);
        const response = await api.request(method, url, { token: token(), body });
        expect({ text: JSON.stringify(text), status: response.status, body: response.body }).toEqual({
          text: JSON.stringify(text),
          status: 400,
          body: {
            statusCode: 400,
            error: 'Bad Request',
            message: loneSurrogateAt(path),
            details: [loneSurrogateAt(path)],
            requestId: expect.any(String),
            code: 'invalid_input',
          },
        });
        expect(await writes()).toEqual(before);
      }
    });

    it('takes a surrogate pair, escaped or not, and an escaped backslash before u', async () => {
      const kill = await api.request('POST', '/v1/kill-switches', {
        token: responder.token,
        rawBody: JSON.stringify({ scope: { vendor: v.vendor, integration: v.plug }, reason: 'pairs', deviceMessage: 'x' }).replace(
          '"deviceMessage":"x"',
          '"deviceMessage":"\\ud83d\\udca9 \ud83d\udca9 \\\\ud800"',
        ),
      });
      expect(kill.status).toBe(201);
      expect((await prisma.killSwitch.findUniqueOrThrow({ where: { id: kill.body.id } })).deviceMessage).toBe('\ud83d\udca9 \ud83d\udca9 \\ud800');
    });

    it('refuses one on the device routes (inventory, acks, OFREP), the acks over a real connection too', async () => {
      const inventory = await api.request('PUT', '/v1/device/inventory', {
        token: device.credential,
        body: { items: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66\ud800' }] },
      });
      expect400(inventory, loneSurrogateAt('items.0.vendorFirmware'));
      expect((await prisma.deviceInventoryItem.findMany({ where: { deviceId: device.id } })).map((item) => item.vendorFirmware)).toEqual(['3.5.1_00.66']);

      const ofrep = await api.request('POST', '/ofrep/v1/evaluate/flags', {
        token: device.credential,
        body: { context: { targetingKey: device.id, team: '\udfff' } },
      });
      // in OFREP's shape (open-feature/protocol), the same words
      expect({ status: ofrep.status, body: ofrep.body }).toEqual({
        status: 400,
        body: { errorCode: 'PARSE_ERROR', errorDetails: loneSurrogateAt('context.team') },
      });

      expect400(await api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: 0, '\ud800': 1 } }), loneSurrogateAt('a field name'));
      const base = await baseUrl();
      for (const body of ['{"rev":0,"\\ud800":1}', '{"rev":"\\udc00"}']) {
        const response = await fetch(`${base}/v1/device/acks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
          body,
        });
        expect({ status: response.status, message: ((await response.json()) as { message: string }).message }).toEqual({
          status: 400,
          message: loneSurrogateAt(body.includes('rev":"') ? 'rev' : 'a field name'),
        });
      }
    });
  });

  describe('content-encoded bodies', () => {
    const gzipped = (body: unknown) => gzipSync(JSON.stringify(body));

    it.each([
      ['a gzip body', (body: unknown) => gzipped(body)],
      ['a plain body labelled gzip', (body: unknown) => JSON.stringify(body)],
    ])('refuses %s with a 415 saying to send it uncompressed, and writes nothing', async (_name, payload) => {
      const incidents = await prisma.incident.count();
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/incidents',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        payload: payload({ title: 'compressed', severity: 'SEV3' }),
      });
      expect({ status: response.statusCode, body: JSON.parse(response.body) }).toEqual({
        status: 415,
        body: { statusCode: 415, ...CONTENT_ENCODED, requestId: expect.any(String) },
      });
      expect(await prisma.incident.count()).toBe(incidents);
    });

    it('refuses one on the device routes (inventory, acks, OFREP), the acks over a real connection through their early answer', async () => {
      const headers = { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json', 'content-encoding': 'gzip' };
      const inventory = await api.app.inject({
        method: 'PUT',
        url: '/v1/device/inventory',
        headers,
        payload: gzipped({ items: [] }),
      });
      expect({ status: inventory.statusCode, message: JSON.parse(inventory.body).message }).toEqual({ status: 415, message: CONTENT_ENCODED.message });
      expect(await prisma.deviceInventoryItem.count({ where: { deviceId: device.id } })).toBe(1);

      const ofrep = await api.app.inject({
        method: 'POST',
        url: '/ofrep/v1/evaluate/flags',
        headers,
        payload: JSON.stringify({ context: { targetingKey: device.id } }),
      });
      expect({ status: ofrep.statusCode, body: JSON.parse(ofrep.body) }).toEqual({
        status: 415,
        body: { errorCode: 'GENERAL', errorDetails: CONTENT_ENCODED.message },
      });

      const base = await baseUrl();
      const ack = (extra: Record<string, string>) =>
        fetch(`${base}/v1/device/acks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json', ...extra },
          body: '{"rev":0}',
        });
      // A plain ack first: the credential is then in memory, so the acks below are the early answer's to take.
      expect((await ack({})).status).toBe(200);
      for (const [encoding, named] of [
        ['gzip', 'gzip'],
        ['br', 'br'],
        ['identity, gzip', 'gzip'],
      ]) {
        const response = await ack({ 'content-encoding': encoding });
        expect({ encoding, status: response.status, body: await response.json() }).toEqual({
          encoding,
          status: 415,
          body: { statusCode: 415, ...CONTENT_ENCODED, message: CONTENT_ENCODED.message.replace('gzip', named), requestId: expect.any(String) },
        });
      }
    });

    it('still takes a body that says it is identity-coded', async () => {
      const response = await api.request('POST', '/v1/incidents', {
        token: admin,
        headers: { 'content-encoding': 'identity' },
        body: { title: 'identity coded', severity: 'SEV3' },
      });
      expect(response.status).toBe(201);
    });
  });
});
