import { TestApi, startTestApi } from '../../../../test/support/api-harness';

describe('single sign-on when no provider is configured', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('tells the sign-in page that only passwords work', async () => {
    const options = await api.request('GET', '/v1/auth/sign-in-options');
    expect(options.status).toBe(200);
    expect(options.body).toEqual({ localLogin: true });
  });

  it('answers 404 with the reason to the SSO routes, and starts no sign-in', async () => {
    for (const [method, url, body] of [
      ['GET', '/v1/auth/oidc/login', undefined],
      ['GET', '/v1/auth/oidc/callback?code=c&state=s', undefined],
      ['POST', '/v1/auth/oidc/device', undefined],
      ['POST', '/v1/auth/oidc/device/token', { deviceCode: 'x' }],
    ] as const) {
      const response = await api.request(method, url, { body });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'not_found', message: 'single sign-on is not configured here (OIDC_ISSUER)' });
    }
  });

  it('refuses a device poll without a device code (400)', async () => {
    const response = await api.request('POST', '/v1/auth/oidc/device/token', { body: {} });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_input');
  });
});
