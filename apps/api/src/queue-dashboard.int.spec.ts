import { SESSION_COOKIE } from '@killswitch/identity';
import { TEST_ADMIN, TestApi, TestResponse, startTestApi } from '../../../test/support/api-harness';
import { ADMIN_UI_CSP } from './admin-ui/admin-ui.files';

function sessionCookieFrom(response: TestResponse): string {
  const header = response.headers['set-cookie'];
  const line = (Array.isArray(header) ? header : [String(header)]).find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error(`no session cookie: ${String(header)}`);
  return line.split(';')[0];
}

describe('queue dashboard (integration)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  async function browserSession(email: string, password: string): Promise<{ cookie: string; csrf: string }> {
    const response = await api.request('POST', '/v1/auth/session', { body: { email, password } });
    if (response.status !== 200) throw new Error(`browser sign-in failed: ${response.status} ${response.text}`);
    return { cookie: sessionCookieFrom(response), csrf: response.body.csrfToken as string };
  }

  it('is for admins only, by bearer credential', async () => {
    const responder = await api.userWith('responder');
    const refused = await api.request('GET', '/admin/queues', { token: responder.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'forbidden', message: 'the queue dashboard is for admins', requestId: expect.any(String) });
    const queues = await api.request('GET', '/admin/queues/api/queues', { token: await api.adminToken() });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(['revocations']);
  });

  it("opens with an admin's browser session cookie, under the admin UI's CSP, with no foreign host in the page", async () => {
    const { cookie } = await browserSession(TEST_ADMIN.email, TEST_ADMIN.password);
    const page = await api.request('GET', '/admin/queues', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toBe(ADMIN_UI_CSP);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.text).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(page.text).not.toMatch(/\sstyle=|<style/i);
    expect(page.text).toContain('<script src="/admin/queues/killswitch-csrf.js"></script>');
    const queues = await api.request('GET', '/admin/queues/api/queues', { headers: { cookie } });
    expect(queues.status).toBe(200);
    expect(queues.headers['content-security-policy']).toBe(ADMIN_UI_CSP);
    const script = await api.request('GET', '/admin/queues/killswitch-csrf.js', { headers: { cookie } });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('answers 401 without a credential, or with an ended session, and 403 to a non-admin session', async () => {
    const anonymous = await api.request('GET', '/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, code: 'unauthenticated', requestId: expect.any(String) });
    expect(anonymous.headers['content-security-policy']).toBe(ADMIN_UI_CSP);

    const ended = await browserSession(TEST_ADMIN.email, TEST_ADMIN.password);
    const logout = await api.request('POST', '/v1/auth/logout', { headers: { cookie: ended.cookie, 'x-csrf-token': ended.csrf } });
    expect(logout.status).toBe(204);
    const afterLogout = await api.request('GET', '/admin/queues', { headers: { cookie: ended.cookie } });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body).toMatchObject({ code: 'unauthenticated', message: 'the session has expired or ended: sign in again' });

    const approver = await api.userWith('approver', 'auditor', 'responder');
    const { cookie } = await browserSession(approver.email, approver.password);
    const refused = await api.request('GET', '/admin/queues', { headers: { cookie } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'forbidden', message: 'the queue dashboard is for admins' });
    expect((await api.request('GET', '/admin/queues/api/queues', { headers: { cookie } })).status).toBe(403);
  });

  it("refuses a cookie-authenticated write without the session's X-CSRF-Token, and accepts it with", async () => {
    const { cookie, csrf } = await browserSession(TEST_ADMIN.email, TEST_ADMIN.password);
    const clean = '/admin/queues/api/queues/revocations/clean/completed';
    const without = await api.request('PUT', clean, { headers: { cookie } });
    expect(without.status).toBe(403);
    expect(without.body).toMatchObject({ code: 'csrf_token_invalid', message: 'send the X-CSRF-Token header with the token your session was given' });
    const wrong = await api.request('PUT', clean, { headers: { cookie, 'x-csrf-token': 'A'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'csrf_token_invalid' });
    const right = await api.request('PUT', clean, { headers: { cookie, 'x-csrf-token': csrf } });
    expect(right.status).toBe(200);
  });
});
