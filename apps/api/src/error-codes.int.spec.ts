import { randomUUID } from 'node:crypto';
import { AllExceptionsFilter, publicErrorCodes } from '@killswitch/http';
import { TEST_ADMIN, TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';

/** Every error body carries a `code` a program can branch on, and the OpenAPI document lists every code there is. */
describe(AllExceptionsFilter.name, () => {
  let api: TestApi;
  let admin: string;
  let auditor: string;

  beforeAll(async () => {
    api = await startTestApi({ BODY_LIMIT_BYTES: '2048' });
    admin = await api.adminToken();
    auditor = (await api.userWith('auditor')).token;
  });
  afterAll(() => api.close());

  const expectError = (response: TestResponse, statusCode: number, code: string) => {
    expect({ status: response.status, body: response.body }).toEqual({
      status: statusCode,
      body: expect.objectContaining({ statusCode, code, error: expect.any(String), message: expect.any(String), requestId: expect.any(String) }),
    });
  };

  it('gives a 400 from validation, and from a body that is not JSON, the code invalid_input', async () => {
    expectError(await api.request('POST', '/v1/incidents', { token: admin, body: { title: '', severity: 'SEV9' } }), 400, 'invalid_input');
    expectError(await api.request('POST', '/v1/incidents', { token: admin, rawBody: '{"title":' }), 400, 'invalid_input');
  });

  it('gives a 401 without a credential the code unauthenticated', async () => {
    expectError(await api.request('GET', '/v1/incidents'), 401, 'unauthenticated');
  });

  it('gives a 403 for a role the route does not admit the code forbidden', async () => {
    expectError(await api.request('POST', '/v1/incidents', { token: auditor, body: { title: 'not mine to open', severity: 'SEV3' } }), 403, 'forbidden');
  });

  it('gives a 404 for an unknown resource, and an unknown route, the code not_found', async () => {
    expectError(await api.request('GET', `/v1/incidents/${randomUUID()}`, { token: admin }), 404, 'not_found');
    expectError(await api.request('GET', '/v1/no-such-route', { token: admin }), 404, 'not_found');
  });

  it('tells one 409 from another by its specific code', async () => {
    const taken = await api.request('POST', '/v1/users', {
      token: admin,
      body: { email: TEST_ADMIN.email, password: 'another-password-1', roles: ['auditor'] },
    });
    expectError(taken, 409, 'already_exists');

    const token = await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: `twice-${randomUUID()}`, roles: ['admin'] } });
    expect(token.status).toBe(201);
    expect((await api.request('DELETE', `/v1/api-tokens/${token.body.id}`, { token: admin })).status).toBe(204);
    expectError(await api.request('DELETE', `/v1/api-tokens/${token.body.id}`, { token: admin }), 409, 'api_token_already_revoked');

    const incident = await api.request('POST', '/v1/incidents', { token: admin, body: { title: 'skips a step', severity: 'SEV3' } });
    expect(incident.status).toBe(201);
    expectError(
      await api.request('PATCH', `/v1/incidents/${incident.body.id}`, { token: admin, body: { status: 'resolved' } }),
      409,
      'incident_transition_not_allowed',
    );
  });

  it('gives a 413 for a body over the limit the code payload_too_large', async () => {
    expectError(await api.request('POST', '/v1/incidents', { token: admin, body: { title: 'x'.repeat(4096), severity: 'SEV3' } }), 413, 'payload_too_large');
  });

  it('gives a 429 for too many login attempts the code rate_limited', async () => {
    const throttled = await startTestApi({ LOGIN_RATE_LIMIT: '2' });
    try {
      const attempts: TestResponse[] = [];
      for (let i = 0; i < 4; i++)
        attempts.push(await throttled.request('POST', '/v1/auth/login', { body: { email: 'nobody@killswitch.test', password: 'wrong-password-1' } }));
      expectError(attempts[3], 429, 'rate_limited');
    } finally {
      await throttled.close();
    }
  });

  it('lists every code, with its meaning, in the OpenAPI document, and every error response refers to that schema', async () => {
    const document = (await api.request('GET', '/docs-json')).body;
    const code = document.components.schemas.ErrorBody.properties.code;
    expect(code.enum).toEqual(publicErrorCodes().map((known) => known.code));
    for (const known of publicErrorCodes()) expect(code.description).toContain(`\`${known.code}\`: ${known.meaning}`);
    expect(code.enum).toEqual(
      expect.arrayContaining(['invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'rate_limited']),
    );

    const errorSchemas = Object.entries(
      document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>,
    )
      .filter(([path]) => !path.startsWith('/ofrep/'))
      .flatMap(([path, item]) =>
        Object.entries(item).flatMap(([method, operation]) =>
          Object.entries(operation.responses)
            .filter(([status]) => /^[45]\d\d$/.test(status))
            .map(([status, answer]) => [`${method} ${path} ${status}`, answer.content?.['application/json']?.schema]),
        ),
      );
    expect(errorSchemas.length).toBeGreaterThan(50);
    expect(errorSchemas.filter(([, schema]) => JSON.stringify(schema) !== JSON.stringify({ $ref: '#/components/schemas/ErrorBody' }))).toEqual([]);
  });
});
