// Every operation of the OpenAPI document the API serves (/docs-json), sent
// every class of bad input that applies to it, as the most privileged
// principal that can reach it, with real ids of seeded objects in its path:
// each answer must be a 4xx in the error shape of DESIGN.md, and nothing may
// be written (OFREP routes answer every error in that protocol's own shape). On a scratch database, so the no-write check sees only this
// suite. Exact messages are test/bad-input.spec.ts's business, not this one's, but for the classes the JSON parser answers
// alike on every route (a content-encoded body, a lone surrogate), whose status and message are checked here, so that a
// route that reads its body some other way is caught.
import { Client } from 'pg';
import { TEST_ADMIN, TestApi, TestResponse, startTestApi } from './support/api-harness';
import { enroll, seedVendor } from './support/fleet';
import { createScratchDatabase } from './support/scratch-db';
import { tableFingerprint } from './support/db-fingerprint';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

interface Probe {
  kind: string;
  url: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** The answer a class of bad input must get on every route, where it is the same everywhere (the JSON parser's). */
  answer?: { status: number; message: RegExp };
}

/** OFREP's error codes (evaluationFailure, flagNotFound). */
const OFREP_ERROR_CODES = ['PARSE_ERROR', 'TARGETING_KEY_MISSING', 'INVALID_CONTEXT', 'GENERAL', 'FLAG_NOT_FOUND'];
const LONE_SURROGATE = { status: 400, message: /is not valid Unicode: it holds a lone UTF-16 surrogate/ };
const CONTENT_ENCODED = { status: 415, message: /^request bodies must not be content-encoded \(Content-Encoding: gzip\)/ };

/** Routes that are not the API's input surface (documents, metrics, streams that never end). */
const SKIP = /^\/(docs|metrics|health|admin)|\/events$/;
const MUTATING = ['post', 'put', 'patch', 'delete'];

function resolve(doc: Document, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1) return { ...resolve(doc, schema.allOf[0]), nullable: schema.nullable };
  return schema;
}

/** A value the schema documents (its example), else a plain one of its type: the base the probes spoil one field of. */
function sample(doc: Document, raw: Schema | undefined, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.properties && depth < 4) {
    return Object.fromEntries((schema.required ?? []).map((name) => [name, sample(doc, schema.properties![name], depth + 1)]));
  }
  switch (schema.type) {
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'object':
      return {};
    default:
      return 'fuzz';
  }
}

/** A value of another type than the schema's. */
function wrongType(doc: Document, raw: Schema): unknown {
  const schema = resolve(doc, raw);
  if (schema.type === 'string' || schema.enum) return 12345;
  if (schema.type === 'integer' || schema.type === 'number') return 'twelve';
  if (schema.type === 'boolean') return 'yes';
  return 'not-an-object-or-list';
}

/** Every property path of a body schema (nested objects included), with its schema and whether it is required. */
function properties(doc: Document, raw: Schema | undefined, prefix: string[] = [], depth = 0): { path: string[]; schema: Schema; required: boolean }[] {
  const schema = resolve(doc, raw);
  if (!schema.properties || depth > 3) return [];
  return Object.entries(schema.properties).flatMap(([name, child]) => {
    const path = [...prefix, name];
    return [{ path, schema: resolve(doc, child), required: (schema.required ?? []).includes(name) }, ...properties(doc, child, path, depth + 1)];
  });
}

/** `base` with `value` at `path` (parents created as objects). */
function withValue(base: unknown, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone((base ?? {}) as Record<string, unknown>);
  let at = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null || Array.isArray(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]] = value;
  return copy;
}

function bodyProbes(doc: Document, url: string, raw: Schema | undefined, bodyLimit: number): Probe[] {
  const probes: Probe[] = [
    { kind: 'JSON nested 5,000 deep in an unknown field', url, rawBody: `{"extra":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}` },
    { kind: 'invalid JSON', url, rawBody: '{"a": ' },
    { kind: 'oversized body', url, rawBody: JSON.stringify({ extra: 'x'.repeat(bodyLimit + 1024) }) },
    { kind: 'content-encoded body', url, rawBody: '{}', headers: { 'content-encoding': 'gzip' }, answer: CONTENT_ENCODED },
    { kind: 'lone surrogate in a field name', url, rawBody: '{"\\ud800":1}', answer: LONE_SURROGATE },
  ];
  if (!raw) return probes;
  const base = sample(doc, raw);
  probes.push({ kind: 'unknown field', url, body: { ...(base as object), notAField: 1 } });
  probes.push({ kind: 'content-encoded valid body', url, body: base, headers: { 'content-encoding': 'gzip' }, answer: CONTENT_ENCODED });
  for (const rawBody of ['null', '[]', '"text"', '42']) probes.push({ kind: `non-object JSON ${rawBody}`, url, rawBody });
  for (const { path, schema, required } of properties(doc, raw)) {
    const name = path.join('.');
    if (!required && !schema.nullable) probes.push({ kind: `null for optional ${name}`, url, body: withValue(base, path, null) });
    probes.push({ kind: `wrong type for ${name}`, url, body: withValue(base, path, wrongType(doc, schema)) });
    if (schema.type === 'string' || schema.enum) {
      probes.push({ kind: `NUL in ${name}`, url, body: withValue(base, path, `${String(sample(doc, schema))}\u0000`) });
      probes.push({ kind: `lone surrogate in ${name}`, url, body: withValue(base, path, `${String(sample(doc, schema))}\ud800`), answer: LONE_SURROGATE });
    }
    if (schema.type === 'array' && resolve(doc, schema.items).type === 'string')
      probes.push({ kind: `NUL in ${name}[0]`, url, body: withValue(base, path, ['a\u0000']) });
    // class-validator's nested validation takes a list for an object: [[]] passes it unless the DTO says each is an object
    if (schema.type === 'array' && resolve(doc, schema.items).properties)
      probes.push({ kind: `a list for ${name}[0]`, url, body: withValue(base, path, [[]]) });
  }
  return probes;
}

/** A list operation answers a page: `{ items, nextCursor }`. */
function isList(doc: Document, operation: Operation): boolean {
  const page = resolve(doc, operation.responses?.['200']?.content?.['application/json']?.schema);
  return page.properties?.nextCursor !== undefined;
}

function queryProbes(doc: Document, url: string, operation: Operation): Probe[] {
  const names = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const probes: Probe[] = names.map((name) => ({ kind: `NUL in query ${name}`, url: `${url}?${name}=a%00b` }));
  if (isList(doc, operation)) {
    for (const cursor of ['garbage', 'AAAA', '%00', '_-_-']) probes.push({ kind: `malformed cursor ${cursor}`, url: `${url}?cursor=${cursor}` });
  }
  if (isList(doc, operation)) probes.push({ kind: 'wrong type for limit', url: `${url}?limit=ten` });
  return probes;
}

describe('bad input to every operation of the OpenAPI document', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let db: Client;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    api = await startTestApi({ DATABASE_URL: scratch.url });
    db = new Client({ connectionString: scratch.url });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.end();
    await scratch?.drop();
  });

  it('answers each with a 4xx in the error shape and writes nothing', async () => {
    const admin = await api.adminToken();
    const decider = await api.userWith('admin', 'approver');
    const v = await seedVendor(api);
    const device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
    const ok = async (response: Promise<TestResponse>) => {
      const r = await response;
      if (r.status >= 300) throw new Error(`seeding failed: ${r.status} ${r.text}`);
      return r.body as Record<string, string>;
    };
    const incident = await ok(api.request('POST', '/v1/incidents', { token: admin, body: { title: 'fuzz incident', severity: 'SEV3' } }));
    const kill = await ok(
      api.request('POST', '/v1/kill-switches', {
        token: admin,
        body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'fuzz kill', incidentId: incident.id },
      }),
    );
    const lift = await ok(api.request('POST', `/v1/kill-switches/${kill.id}/lift-requests`, { token: admin, body: { reason: 'fuzz lift' } }));
    const apiToken = await ok(api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'fuzz', roles: ['admin'] } }));
    await ok(api.request('POST', `/v1/incidents/${incident.id}/timeline`, { token: admin, body: { body: 'a note' } }));

    const realIds: [RegExp, string][] = [
      [/^\/v1\/users\/\{id\}/, decider.id],
      [/^\/v1\/api-tokens\/\{id\}/, apiToken.id],
      [/^\/v1\/kill-switches\/\{id\}/, kill.id],
      [/^\/v1\/lift-requests\/\{id\}/, lift.id],
      [/^\/v1\/incidents\/\{id\}/, incident.id],
      [/^\/v1\/revocations\/\{id\}/, kill.revocationId],
      [/^\/v1\/devices\/\{id\}/, device.id],
      [/\{slug\}/, v.vendor],
      [/\{key\}/, v.camera],
    ];
    const fill = (path: string, param: string) => realIds.find(([pattern]) => pattern.test(path) && path.includes(`{${param}}`))?.[1] ?? 'unknown';
    // Logging out must not end the session the other probes use, should a probe get through.
    const ownSession = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
    // Signals are posted only by a token holding the signals role (nobody else may post them).
    const signalsToken = await ok(api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'fuzz signals', roles: ['signals'] } }));
    // A token's lastUsedAt is stamped at most once in a while: stamp it now, so its first probe stamps nothing.
    await db.query('UPDATE api_tokens SET "lastUsedAt" = now() WHERE id = $1', [signalsToken.id]);
    const tokenFor = (path: string) => {
      if (/^\/(v1\/device\/|ofrep\/)/.test(path)) return device.credential;
      if (/^\/v1\/signals(\/|$)/.test(path)) return signalsToken.token as string;
      if (/\/lift-requests\/\{id\}\/(approve|reject|review)$/.test(path)) return decider.token;
      return path === '/v1/auth/logout' ? ownSession : admin;
    };

    const doc = (await api.request('GET', '/docs-json')).body as Document;
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['get', ...MUTATING].includes(method))
        .map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(40);

    const failures: string[] = [];
    let sent = 0;
    for (const { path, method, operation } of operations) {
      if (SKIP.test(path)) continue;
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const url = params.reduce((u, p) => u.replace(`{${p}}`, encodeURIComponent(fill(path, p))), path);
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      const probes: Probe[] = [];
      for (const param of params) {
        for (const bad of ['%00', 'a%00b', 'garbage']) {
          const spoiled = params.reduce((u, p) => u.replace(`{${p}}`, p === param ? bad : encodeURIComponent(fill(path, p))), path);
          probes.push({ kind: `path ${param}=${bad}`, url: spoiled, ...(MUTATING.includes(method) && method !== 'delete' ? { body: {} } : {}) });
        }
      }
      if (MUTATING.includes(method)) probes.push(...bodyProbes(doc, url, schema, api.config.BODY_LIMIT_BYTES));
      probes.push(...queryProbes(doc, url, operation));

      const before = await tableFingerprint(db);
      for (const probe of probes) {
        const response = await api.request(method.toUpperCase(), probe.url, {
          token: tokenFor(path),
          body: probe.body,
          rawBody: probe.rawBody,
          headers: probe.headers,
        });
        sent++;
        const where = `${method.toUpperCase()} ${path} (${probe.kind}): ${response.status} ${response.text.slice(0, 200)}`;
        if (response.status < 400 || response.status >= 500) {
          failures.push(where);
          continue;
        }
        const ofrep = path.startsWith('/ofrep/');
        const message = ofrep ? response.body?.errorDetails : response.body?.message;
        if (probe.answer && (response.status !== probe.answer.status || !probe.answer.message.test(String(message)))) {
          failures.push(`not the answer every route gives: ${where}`);
        }
        if (ofrep) {
          // OFREP answers every error in its own protocol's shape ({ key?, errorCode, errorDetails }), whoever refuses.
          const { key, errorCode, errorDetails, ...rest } = (response.body ?? {}) as Record<string, unknown>;
          if (
            !OFREP_ERROR_CODES.includes(String(errorCode)) ||
            typeof errorDetails !== 'string' ||
            errorDetails.trim() === '' ||
            (path.includes('{key}') ? typeof key !== 'string' : key !== undefined) ||
            Object.keys(rest).length > 0
          ) {
            failures.push(`not OFREP's error shape: ${where}`);
          }
        } else if (
          response.body?.statusCode !== response.status ||
          typeof response.body?.error !== 'string' ||
          typeof response.body?.message !== 'string' ||
          response.body.message.trim() === '' ||
          typeof response.body?.requestId !== 'string'
        ) {
          failures.push(`not the error shape: ${where}`);
        }
      }
      const after = await tableFingerprint(db);
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      if (changed.length) failures.push(`${method.toUpperCase()} ${path} wrote to ${changed.join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(400);
  }, 240_000);
});
