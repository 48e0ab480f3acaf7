import { PrismaClient } from '@killswitch/db';
import { TEST_ADMIN, TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { seedVendor } from '../../../test/support/fleet';
import { foldRefusals, refusedAttempts } from '../../../test/support/refusals';
import { SESSION_COOKIE } from './session-cookie';

/** The `name=value` of the session cookie a response sets, and its attributes. */
function setCookieOf(response: TestResponse): { pair: string; value: string; attributes: string[] } {
  const header = response.headers['set-cookie'];
  const line = (Array.isArray(header) ? header : [String(header)]).find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error(`no ${SESSION_COOKIE} cookie set: ${String(header)}`);
  const [pair, ...attributes] = line.split(';').map((p) => p.trim());
  return { pair, value: pair.slice(SESSION_COOKIE.length + 1), attributes };
}

describe('browser sessions: cookie and CSRF (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  async function browserLogin(email = TEST_ADMIN.email, password = TEST_ADMIN.password, headers: Record<string, string> = {}) {
    const response = await api.request('POST', '/v1/auth/session', { body: { email, password }, headers });
    if (response.status !== 200) throw new Error(`browser login failed: ${response.status} ${response.text}`);
    const cookie = setCookieOf(response);
    return { response, cookie: cookie.pair, secret: cookie.value, attributes: cookie.attributes, csrf: response.body.csrfToken as string };
  }

  it('sets an HttpOnly, SameSite=Strict session cookie on Path=/ and gives the page only a CSRF token', async () => {
    const { response, secret, attributes, csrf } = await browserLogin();
    expect(response.body).toEqual({ expiresAt: expect.any(String), csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), mustChangePassword: false });
    expect(secret).toMatch(/^kss_/);
    expect(response.text).not.toContain(secret);
    expect(csrf).not.toBe(secret);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
    expect(attributes).not.toContain('Secure'); // plain HTTP here
    const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(api.config.SESSION_TTL_SEC - 60);
    expect(maxAge).toBeLessThanOrEqual(api.config.SESSION_TTL_SEC);
    expect(response.headers['cache-control']).toBe('no-store');

    const session = await prisma.session.findFirstOrThrow({ where: { user: { email: TEST_ADMIN.email } }, orderBy: { createdAt: 'desc' } });
    expect(session.csrfHash).toMatch(/^[0-9a-f]{64}$/);
    expect(session.csrfHash).not.toContain(csrf);
  });

  it('marks the cookie Secure when the client came over HTTPS (here: through a proxy that says so)', async () => {
    const { attributes } = await browserLogin(TEST_ADMIN.email, TEST_ADMIN.password, { 'x-forwarded-proto': 'https' });
    expect(attributes).toContain('Secure');
  });

  it('refuses a wrong password without setting a cookie', async () => {
    const response = await api.request('POST', '/v1/auth/session', { body: { email: TEST_ADMIN.email, password: 'not-the-password' } });
    expect(response.status).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('authenticates reads by the cookie alone and hands the CSRF token out again on /me (after a reload)', async () => {
    const { cookie, csrf } = await browserLogin();
    const me = await api.request('GET', '/v1/auth/me', { headers: { cookie: `theme=dark; ${cookie}` } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: expect.any(String), email: TEST_ADMIN.email, roles: ['admin'], via: 'session', mustChangePassword: false, csrfToken: csrf });
    expect(me.headers['cache-control']).toBe('no-store');
    expect((await api.request('GET', '/v1/kill-switches', { headers: { cookie } })).status).toBe(200);
    // A bearer caller's /me is as before: no CSRF token.
    const bearer = await api.request('GET', '/v1/auth/me', { token: await api.adminToken() });
    expect(bearer.body.csrfToken).toBeUndefined();
  });

  it('refuses a cookie-authenticated write without the right X-CSRF-Token (403, audited, nothing written), and accepts it with', async () => {
    const { cookie, csrf } = await browserLogin();
    const stamp = Date.now().toString(36);
    const slug = (suffix: string) => `csrf-${stamp}-${suffix}`;
    await foldRefusals(api);
    const refusalsBefore = await refusedAttempts(prisma, { action: 'access.refused', reason: { contains: 'X-CSRF-Token' } });

    const missing = await api.request('POST', '/v1/vendors', { headers: { cookie }, body: { slug: slug('a'), name: 'No token' } });
    const wrong = await api.request('POST', '/v1/vendors', {
      headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -2)}xx` },
      body: { slug: slug('b'), name: 'Wrong' },
    });
    for (const response of [missing, wrong]) {
      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'send the X-CSRF-Token header with the token your session was given',
        requestId: expect.any(String),
        code: 'csrf_token_invalid',
      });
    }
    expect(await prisma.vendor.count({ where: { slug: { in: [slug('a'), slug('b')] } } })).toBe(0);
    await foldRefusals(api);
    expect(await refusedAttempts(prisma, { action: 'access.refused', reason: { contains: 'X-CSRF-Token' } })).toBe(refusalsBefore + 2);

    const ok = await api.request('POST', '/v1/vendors', { headers: { cookie, 'x-csrf-token': csrf }, body: { slug: slug('c'), name: 'With token' } });
    expect(ok.status).toBe(201);
    const entry = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'vendor.create', targetId: slug('c') } });
    expect(entry.actor).toBe(TEST_ADMIN.email);
  });

  it('does not accept one session’s CSRF token for another session', async () => {
    const { vendor } = await seedVendor(api, 'csrf');
    const first = await browserLogin();
    const second = await browserLogin();
    const response = await api.request('POST', '/v1/kill-switches/preview', {
      headers: { cookie: second.cookie, 'x-csrf-token': first.csrf },
      body: { scope: { vendor } },
    });
    expect(response.status).toBe(403);
    const own = await api.request('POST', '/v1/kill-switches/preview', {
      headers: { cookie: second.cookie, 'x-csrf-token': second.csrf },
      body: { scope: { vendor } },
    });
    expect(own.status).toBe(200);
  });

  it('takes only browser sessions from the cookie: a bearer session, an API token or garbage there is a 401', async () => {
    const bearerSession = await api.adminToken();
    const apiToken = (await api.request('POST', '/v1/api-tokens', { token: bearerSession, body: { name: 'cookie-test', roles: ['admin'] } })).body
      .token as string;
    for (const value of [bearerSession, apiToken, 'kss_not-a-real-session-secret']) {
      const response = await api.request('GET', '/v1/auth/me', { headers: { cookie: `${SESSION_COOKIE}=${value}` } });
      expect({ value, status: response.status }).toEqual({ value, status: 401 });
    }
    expect((await api.request('GET', '/v1/auth/me')).status).toBe(401);
  });

  it('lets an Authorization header win over the cookie (the header’s principal, its roles)', async () => {
    const { cookie, csrf } = await browserLogin(); // an admin's browser session
    const auditor = await api.userWith('auditor');
    const response = await api.request('POST', '/v1/vendors', {
      token: auditor.token,
      headers: { cookie, 'x-csrf-token': csrf },
      body: { slug: `hdr-${Date.now().toString(36)}`, name: 'x' },
    });
    expect(response.status).toBe(403);
    expect(response.body.message).toMatch(/^this needs one of the roles /);
  });

  it('applies roles to cookie sessions as to bearer ones: an auditor’s browser write is a 403 even with the CSRF token', async () => {
    const auditor = await api.userWith('auditor');
    const { cookie, csrf } = await browserLogin(auditor.email, auditor.password);
    const response = await api.request('POST', '/v1/incidents', {
      headers: { cookie, 'x-csrf-token': csrf },
      body: { title: 'auditor tries', severity: 'SEV4' },
    });
    expect(response.status).toBe(403);
    expect(response.body.message).toMatch(/^this needs one of the roles /);
  });

  it('logs out with the CSRF token, clears the cookie, and the session stops working', async () => {
    const { cookie, csrf } = await browserLogin();
    expect((await api.request('POST', '/v1/auth/logout', { headers: { cookie } })).status).toBe(403);
    const logout = await api.request('POST', '/v1/auth/logout', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(logout.status).toBe(204);
    const cleared = setCookieOf(logout);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['Max-Age=0', 'Path=/', 'HttpOnly', 'SameSite=Strict']));
    const after = await api.request('GET', '/v1/auth/me', { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('the session has expired or ended: sign in again');
  });

  it('serves the revocation event stream to a cookie session (EventSource cannot send headers)', async () => {
    const { vendor, camera } = await seedVendor(api, 'cookie-sse');
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor, integration: camera }, reason: 'cookie stream test' },
    });
    expect(kill.status).toBe(201);
    const { cookie } = await browserLogin();
    const base = await api.listen();
    const controller = new AbortController();
    try {
      const refused = await fetch(`${base}/v1/revocations/${kill.body.revocationId}/events`, { signal: controller.signal });
      expect(refused.status).toBe(401);
      const response = await fetch(`${base}/v1/revocations/${kill.body.revocationId}/events`, { headers: { cookie }, signal: controller.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toMatch(/^event: progress\ndata: /);
      expect(JSON.parse(text.split('data: ')[1])).toMatchObject({ id: kill.body.revocationId, killSwitchId: kill.body.id });
    } finally {
      controller.abort();
    }
  });
});
