import { TestApi, startTestApi } from '../../../test/support/api-harness';

describe('queue dashboard (integration)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('is for admins only', async () => {
    expect((await api.request('GET', '/admin/queues')).status).toBe(401);
    const responder = await api.userWith('responder');
    const refused = await api.request('GET', '/admin/queues', { token: responder.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, message: 'the queue dashboard is for admins', requestId: expect.any(String) });
    const page = await api.request('GET', '/admin/queues', { token: await api.adminToken() });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const queues = await api.request('GET', '/admin/queues/api/queues', { token: await api.adminToken() });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(['revocations']);
  });
});
