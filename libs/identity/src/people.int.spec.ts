import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { PeopleController } from './people.controller';

describe(PeopleController.name, () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  async function named(name: string, ...roles: string[]): Promise<{ id: string; email: string }> {
    const email = `${roles.join('-')}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@killswitch.test`;
    const created = await api.request('POST', '/v1/users', { token: await api.adminToken(), body: { email, name, password: 'a-long-password-1', roles } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, name });
    return { id: created.body.id as string, email };
  }

  it('gives approvers, responders and auditors the names and emails of the people asked for, nothing more', async () => {
    const ada = await named('Ada Lovelace', 'responder');
    const unnamed = await api.userWith('approver');
    const unknown = '0193f7a2-5c1e-7c3a-9a4b-2f1d3e4c5b6a';
    for (const role of ['approver', 'responder', 'auditor']) {
      const reader = await api.userWith(role);
      const people = await api.request('GET', `/v1/people?ids=${ada.id},${unknown},${unnamed.id.toUpperCase()},${ada.id}`, { token: reader.token });
      expect(people.status).toBe(200);
      expect(people.body).toEqual({
        items: [
          { id: ada.id, name: 'Ada Lovelace', email: ada.email, issuer: null },
          { id: unnamed.id, name: null, email: unnamed.email, issuer: null },
        ],
      });
    }
  });

  it('keeps roles, state and the user list from approvers and responders (403), as before', async () => {
    const ada = await named('Ada Lovelace', 'admin', 'responder');
    for (const role of ['approver', 'responder']) {
      const reader = await api.userWith(role);
      for (const path of ['/v1/users', `/v1/users/${ada.id}`]) {
        const refused = await api.request('GET', path, { token: reader.token });
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({ statusCode: 403, code: 'forbidden', message: 'this needs one of the roles admin, auditor' });
      }
    }
    // Auditors read the directory as they did; only admins change names.
    const auditor = await api.userWith('auditor');
    expect((await api.request('GET', `/v1/users/${ada.id}`, { token: auditor.token })).body).toMatchObject({
      name: 'Ada Lovelace',
      roles: ['admin', 'responder'],
    });
    const rename = await api.request('PATCH', `/v1/users/${ada.id}`, { token: auditor.token, body: { name: 'Someone Else' } });
    expect(rename.status).toBe(403);
    const renamed = await api.request('PATCH', `/v1/users/${ada.id}`, { token: await api.adminToken(), body: { name: 'Ada King' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Ada King' });
  });

  it('refuses a missing, malformed or oversized id list (400), and anyone not signed in (401)', async () => {
    const reader = await api.userWith('approver');
    const tooMany = Array.from({ length: 101 }, () => '0193f7a2-5c1e-7c3a-9a4b-2f1d3e4c5b6a').join(',');
    for (const query of ['', '?ids=', "?ids=1' OR '1'='1", '?ids=0193f7a2-5c1e-7c3a-9a4b-2f1d3e4c5b6a,', `?ids=${tooMany}`, '?ids=a&ids=b']) {
      const refused = await api.request('GET', `/v1/people${query}`, { token: reader.token });
      expect({ query, status: refused.status, code: refused.body.code }).toEqual({ query, status: 400, code: 'invalid_input' });
    }
    expect((await api.request('GET', '/v1/people?ids=0193f7a2-5c1e-7c3a-9a4b-2f1d3e4c5b6a')).status).toBe(401);
  });

  it('refuses a name with control characters or over 200 characters, creating nobody', async () => {
    for (const name of ['bad\nname', '', 'x'.repeat(201)]) {
      const email = `named-${Math.random().toString(36).slice(2)}@killswitch.test`;
      const refused = await api.request('POST', '/v1/users', {
        token: await api.adminToken(),
        body: { email, name, password: 'a-long-password-1', roles: ['responder'] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('name must be 1 to 200 characters') });
      const listed = await api.request('GET', '/v1/users?limit=200', { token: await api.adminToken() });
      expect(listed.body.items.map((u: { email: string }) => u.email)).not.toContain(email);
    }
  });
});
