import { randomBytes } from 'node:crypto';
import { TestApi, startTestApi } from '../../../test/support/api-harness';

/** The text filter (`q`) of the catalogue's and the kill switches' list routes, and the board's "killed only". */
describe('list routes: text filter and killed vendors (integration)', () => {
  let api: TestApi;
  let token: string;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.adminToken();
    const post = async (url: string, body: unknown) => {
      const response = await api.request('POST', url, { token, body });
      if (response.status !== 201) throw new Error(`${url}: ${response.status} ${response.text}`);
      return response.body;
    };
    await post('/v1/vendors', { slug: `alpha-${run}`, name: `Alpha Cameras ${run}` });
    await post('/v1/vendors', { slug: `beta-${run}`, name: `Beta 100% Plugs_${run}` });
    await post('/v1/integrations', { key: `alpha-${run}.camera-stream`, vendor: `alpha-${run}`, name: 'Camera streaming' });
    await post('/v1/integrations', { key: `beta-${run}.smart-plug`, vendor: `beta-${run}`, name: 'Smart plug' });
    await post('/v1/kill-switches', { scope: { vendor: `alpha-${run}` }, reason: `leak ${run}: strangers' feeds` });
  });
  afterAll(() => api.close());

  const slugs = async (query: string) => {
    const response = await api.request('GET', `/v1/vendors?limit=500&${query}`, { token });
    expect(response.status).toBe(200);
    return (response.body.items as { slug: string }[]).map((v) => v.slug).filter((s) => s.endsWith(run));
  };

  it('finds vendors by slug, name (any case) or integration key, with % and _ matched literally', async () => {
    expect(await slugs(`q=${run}`)).toEqual([`alpha-${run}`, `beta-${run}`]);
    expect(await slugs(`q=ALPHA%20cameras`)).toEqual([`alpha-${run}`]);
    expect(await slugs(`q=smart-plug`)).toEqual([`beta-${run}`]);
    expect(await slugs(`q=${encodeURIComponent('100%')}`)).toEqual([`beta-${run}`]);
    expect(await slugs(`q=${encodeURIComponent('Plugs_')}`)).toEqual([`beta-${run}`]);
    expect(await slugs(`q=${encodeURIComponent('%')}`)).toEqual([`beta-${run}`]);
    expect(await slugs(`q=${encodeURIComponent("' OR 1=1 --")}`)).toEqual([]);
  });

  it('lists only the vendors with a kill in force, or only those without, and pages through them', async () => {
    expect(await slugs(`killed=true&q=${run}`)).toEqual([`alpha-${run}`]);
    expect(await slugs(`killed=false&q=${run}`)).toEqual([`beta-${run}`]);
    const first = await api.request('GET', `/v1/vendors?killed=false&limit=1&q=${run}`, { token });
    expect(first.body.items.map((v: { slug: string }) => v.slug)).toEqual([`beta-${run}`]);
  });

  it('finds integrations and kill switches by text', async () => {
    const integrations = await api.request('GET', `/v1/integrations?limit=500&q=${encodeURIComponent(`${run}.camera`)}`, { token });
    expect(integrations.body.items.map((i: { key: string }) => i.key)).toEqual([`alpha-${run}.camera-stream`]);
    const kills = await api.request('GET', `/v1/kill-switches?q=${encodeURIComponent(`LEAK ${run}`)}`, { token });
    expect(kills.body.items).toHaveLength(1);
    expect(kills.body.items[0].scope).toEqual({ vendor: `alpha-${run}` });
  });

  it('refuses a bad filter with 400 and says what to fix', async () => {
    for (const [query, message] of [
      ['q=a%01b', 'q must be 1-128 characters without control characters'],
      [`q=${'x'.repeat(129)}`, 'q must be 1-128 characters without control characters'],
      ['killed=maybe', 'killed must be true or false'],
    ]) {
      const response = await api.request('GET', `/v1/vendors?${query}`, { token });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(message);
    }
    expect((await api.request('GET', '/v1/kill-switches?q=', { token })).status).toBe(400);
  });
});
