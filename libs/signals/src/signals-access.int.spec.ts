// The signals role: only a token an admin mints holds it, and it posts signals and nothing else, not even a read.
// Routes come from Nest's own controllers, so a route added later is covered without touching this file.
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { nestRoutes } from '../../../test/support/nest-routes';

const SIGNAL_ROUTES = ['POST /v1/signals/alertmanager', 'POST /v1/signals'];
const PARAM = '00000000-0000-4000-8000-000000000000';

/** Every controller route that takes a credential (not @Public), as `METHOD /path`. */
function guardedRoutes(api: TestApi): string[] {
  return nestRoutes(api)
    .filter((route) => route.policy?.kind !== 'public')
    .map((route) => `${route.method} ${route.url}`);
}

const minimal = { source: 'probe', fingerprint: 'fp-1', summary: 'no scope here', scope: { vendor: 'nobody-at-all' } };

describe('signals role (integration)', () => {
  let api: TestApi;
  let admin: string;
  let signals: string;

  beforeAll(async () => {
    // Every refused attempt below counts against the token; the limit is not what this suite tests.
    api = await startTestApi({ REFUSAL_LIMIT: '100000' });
    admin = await api.adminToken();
    const minted = await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'alertmanager', roles: ['signals'] } });
    expect(minted.status).toBe(201);
    expect(minted.body.roles).toEqual(['signals']);
    signals = minted.body.token;
  });
  afterAll(async () => {
    await api.close();
  });

  it('gets 403 from every other route that takes a credential, reads included', async () => {
    const routes = guardedRoutes(api);
    expect(routes).toEqual(
      expect.arrayContaining([...SIGNAL_ROUTES, 'GET /v1/proposals', 'GET /v1/auth/me', 'POST /v1/kill-switches', 'PUT /v1/device/inventory']),
    );
    const answers: { route: string; status: number }[] = [];
    for (const route of routes.filter((r) => !SIGNAL_ROUTES.includes(r))) {
      const [method, pattern] = route.split(' ');
      const url = pattern.replace(/:[A-Za-z0-9_]+/g, PARAM);
      const response = await api.request(method, url, { token: signals, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
      answers.push({ route, status: response.status });
    }
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter((a) => a.status !== 403)).toEqual([]);
    // The device poll is served before Nest's routing (its fast path), so it is asked here by name.
    const poll = await api.request('GET', '/v1/device/flags', { token: signals });
    expect({ status: poll.status, message: poll.body?.message }).toEqual({ status: 403, message: 'this route takes a device credential' });
  });

  it('is the only credential that posts signals: a person, or a token without the role, gets 403', async () => {
    const responder = await api.userWith('responder', 'admin');
    const responderToken = await api.request('POST', '/v1/api-tokens', { token: responder.token, body: { name: 'automation', roles: ['responder', 'admin'] } });
    for (const token of [admin, responder.token, responderToken.body.token]) {
      for (const url of ['/v1/signals', '/v1/signals/alertmanager']) {
        const response = await api.request('POST', url, { token, body: minimal });
        expect({ url, status: response.status, message: response.body.message }).toEqual({ url, status: 403, message: 'this needs one of the roles signals' });
      }
    }
    // Accepted: a new proposal (201), or a repeat of this test's own on a second try (200).
    expect((await api.request('POST', '/v1/signals', { token: signals, body: minimal })).status).toBeLessThan(300);
  });

  it('is minted only by an admin, alone, and never held by an account', async () => {
    const responder = await api.userWith('responder');
    const refused = await api.request('POST', '/v1/api-tokens', { token: responder.token, body: { name: 'x', roles: ['signals'] } });
    expect({ status: refused.status, message: refused.body.message }).toEqual({ status: 403, message: 'only an admin may mint a token with the signals role' });
    const mixed = await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'x', roles: ['signals', 'admin'] } });
    expect({ status: mixed.status, message: mixed.body.message }).toEqual({
      status: 400,
      message: 'a signals token holds only the signals role: mint another token for anything else',
    });
    const account = await api.request('POST', '/v1/users', {
      token: admin,
      body: { email: 'sig@killswitch.test', password: 'a-long-password-1', roles: ['signals'] },
    });
    expect({ status: account.status, message: account.body.message }).toEqual({
      status: 400,
      message: 'roles must each be one of admin, responder, approver, auditor',
    });
  });

  it('stops working when its creator is no longer an admin', async () => {
    const other = await api.userWith('admin', 'responder');
    const minted = await api.request('POST', '/v1/api-tokens', { token: other.token, body: { name: 'am', roles: ['signals'] } });
    expect((await api.request('POST', '/v1/signals', { token: minted.body.token, body: minimal })).status).toBeLessThan(300);
    expect((await api.request('PATCH', `/v1/users/${other.id}`, { token: admin, body: { roles: ['responder'] } })).status).toBe(200);
    expect((await api.request('POST', '/v1/signals', { token: minted.body.token, body: minimal })).status).toBe(403);
  });
});
