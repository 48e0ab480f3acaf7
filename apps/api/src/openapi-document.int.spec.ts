import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { publicErrorCodes } from '@killswitch/http';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { fastifyRoutes, nestRoutes } from '../../../test/support/nest-routes';
import { buildOpenApiDocument } from './openapi-document';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Parameter = { name: string; in: string };
type Media = { schema?: { $ref?: string }; examples?: Record<string, { value: { code?: string; statusCode?: number; errorCode?: string } }> };

/** Served, and left out of the document on purpose: the admin UI's static files and the API's own tooling pages. */
const UNDOCUMENTED = [/^\/admin/, /^\/docs/];
const CODES = new Set<string>(publicErrorCodes().map(({ code }) => code));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `/v1/users/:id` → `/v1/users/{id}` */
function documentPath(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, '{$1}');
}

function operations(document: OpenAPIObject): { key: string; path: string; method: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, path, method, operation: item[method]! })),
  );
}

/**
 * What the document lacks for the API it describes, one line a problem: a
 * served route it does not describe, an operation with no summary, no
 * operationId or no 4xx answer, an error answer that is not the ErrorBody
 * with an example of each `code`, a guarded route without its credential
 * refusals, a list route without its paging parameters.
 */
function documentGaps(document: OpenAPIObject, served: { method: string; url: string }[], guarded: Set<string>): string[] {
  const gaps: string[] = [];
  const documented = new Map(operations(document).map((entry) => [entry.key, entry]));
  for (const route of served) {
    const key = `${route.method} ${documentPath(route.url)}`;
    if (!documented.has(key)) gaps.push(`${key}: served but not in the document`);
  }
  for (const { key, path, operation } of documented.values()) {
    if (!operation.summary) gaps.push(`${key}: no summary`);
    if (!operation.operationId) gaps.push(`${key}: no operationId`);
    if (!operation.security) gaps.push(`${key}: no security requirement (public routes say security: [])`);
    const statuses = Object.keys(operation.responses);
    // A success, or the redirect a browser flow answers with (single sign-on).
    if (!statuses.some((status) => /^[23]\d\d$/.test(status))) gaps.push(`${key}: no 2xx or 3xx answer`);
    if (guarded.has(key)) {
      if (!statuses.includes('401') || !statuses.includes('403')) gaps.push(`${key}: guarded, but 401 or 403 missing`);
      if ((operation.security ?? []).length === 0) gaps.push(`${key}: guarded, but no security requirement`);
    }
    const parameters = (operation.parameters ?? []) as Parameter[];
    if (parameters.some((p) => p.in === 'path') && !path.startsWith('/ofrep/') && !statuses.includes('404')) gaps.push(`${key}: a path parameter, but no 404`);
    const ok = operation.responses['200'] as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
    if (/Page$/.test(ok?.content?.['application/json']?.schema?.$ref ?? '')) {
      for (const name of ['limit', 'cursor']) if (!parameters.some((p) => p.in === 'query' && p.name === name)) gaps.push(`${key}: a list without ?${name}`);
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!/^[45]\d\d$/.test(status)) continue;
      const json = (response as { content?: Record<string, Media> }).content?.['application/json'];
      if (!json?.schema) {
        gaps.push(`${key}: ${status} has no JSON body`);
        continue;
      }
      const examples = Object.values(json.examples ?? {});
      if (examples.length === 0) gaps.push(`${key}: ${status} has no example`);
      for (const { value } of examples) {
        if (value.code !== undefined && (!CODES.has(value.code) || value.statusCode !== Number(status))) {
          gaps.push(`${key}: ${status} example with code ${value.code} answers ${value.statusCode}`);
        }
      }
    }
  }
  return gaps;
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  let document: OpenAPIObject;
  let served: { method: string; url: string }[];
  let guarded: Set<string>;

  beforeAll(async () => {
    // Every guarded route is called once without a credential: more refusals than REFUSAL_LIMIT allows an address.
    api = await startTestApi({ REFUSAL_LIMIT: '100000' });
    document = buildOpenApiDocument(api.app);
    const fastify: FastifyInstance = api.app.getHttpAdapter().getInstance();
    // Fastify's table holds Nest's routes and the plain ones (the device poll and stream); HEAD is implied by GET.
    served = [...fastifyRoutes(fastify), ...nestRoutes(api)]
      .filter((route) => route.method !== 'HEAD' && route.method !== 'OPTIONS' && !UNDOCUMENTED.some((re) => re.test(route.url)))
      .filter((route, at, all) => all.findIndex((other) => other.method === route.method && other.url === route.url) === at);
    guarded = new Set(
      nestRoutes(api)
        .filter((route) => route.policy && route.policy.kind !== 'public')
        .map((route) => `${route.method} ${documentPath(route.url)}`),
    );
  }, 120_000);
  afterAll(() => api?.close());

  it('describes every route the API serves, with a summary, an operationId, its credential refusals and its error answers', () => {
    expect(served.length).toBeGreaterThan(60);
    expect(served).toEqual(
      expect.arrayContaining([
        { method: 'GET', url: '/v1/revocations/:id/deliveries' },
        { method: 'GET', url: '/v1/device/flags' },
      ]),
    );
    expect(documentGaps(document, served, guarded)).toEqual([]);
  });

  it('names the route a document lacks, and an operation whose error answers were dropped', () => {
    const lacking = structuredClone(document);
    delete lacking.paths['/v1/revocations/{id}/deliveries'];
    const ack = lacking.paths['/v1/device/acks'].post!;
    for (const status of Object.keys(ack.responses)) if (/^4/.test(status)) delete ack.responses[status];
    expect(documentGaps(lacking, served, guarded)).toEqual(
      expect.arrayContaining(['GET /v1/revocations/{id}/deliveries: served but not in the document', 'POST /v1/device/acks: guarded, but 401 or 403 missing']),
    );
  });

  it('documents the refusal each guarded route gives without a credential, with that code', async () => {
    const undocumented: string[] = [];
    for (const { key, path, method, operation } of operations(document)) {
      if (!guarded.has(key) && !path.startsWith('/v1/device/')) continue;
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await api.request(method.toUpperCase(), url, method === 'get' || method === 'delete' ? {} : { body: {} });
      const examples = (operation.responses[String(response.status)] as { content?: Record<string, Media> } | undefined)?.content?.['application/json']
        ?.examples;
      // OFREP's refusals name an errorCode (its protocol's shape), the others a code
      const codes = Object.values(examples ?? {}).map(({ value }) => value.code ?? value.errorCode);
      const code = response.body?.code ?? response.body?.errorCode;
      if (code === undefined || !codes.includes(code)) undocumented.push(`${key}: answered ${response.status} ${code}, documented ${codes.join(', ')}`);
    }
    expect(undocumented).toEqual([]);
  });

  it('documents what each route with a path parameter answers an admin for an invalid one, with that code', async () => {
    const token = await api.adminToken();
    const undocumented: string[] = [];
    for (const { key, path, method, operation } of operations(document)) {
      if (!path.includes('{')) continue;
      const url = path.replace(/\{[^}]+\}/g, 'not-a-uuid');
      const response = await api.request(method.toUpperCase(), url, { token, ...(method === 'get' || method === 'delete' ? {} : { body: {} }) });
      const json = (operation.responses[String(response.status)] as { content?: Record<string, Media> } | undefined)?.content?.['application/json'];
      const codes = Object.values(json?.examples ?? {}).map(({ value }) => value.code ?? value.errorCode);
      const code = response.body?.code ?? response.body?.errorCode;
      if (response.status < 400 || !codes.includes(code)) undocumented.push(`${key}: answered ${response.status} ${code}, documented ${codes.join(', ')}`);
    }
    expect(undocumented).toEqual([]);
  });

  it('lists every list route’s paging and filters, e.g. GET /v1/revocations/{id}/deliveries', () => {
    const names = (document.paths['/v1/revocations/{id}/deliveries'].get!.parameters as Parameter[]).map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(['path:id', 'query:limit', 'query:cursor', 'query:state']);
  });

  it('has servers, and an opaque bearer scheme (no bearerFormat: the tokens are not JWTs)', () => {
    expect(document.servers?.length).toBeGreaterThan(0);
    expect(document.components?.securitySchemes?.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(document.components?.securitySchemes?.bearer).not.toHaveProperty('bearerFormat');
  });
});
