import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TestApi, startTestApi } from '../../../../test/support/api-harness';
import { ensureAdminBuild } from '../../../../test/support/admin-build';
import { ADMIN_UI_CSP } from './admin-ui.files';

describe('admin UI files (integration)', () => {
  let api: TestApi;
  let assets: string[];

  beforeAll(async () => {
    const dist = ensureAdminBuild();
    assets = [...readFileSync(path.join(dist, 'index.html'), 'utf8').matchAll(/(?:src|href)="\/admin\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    api = await startTestApi();
  }, 120_000);
  afterAll(() => api?.close());

  it('serves the app at /admin and at every client route, revalidated, under a strict CSP', async () => {
    for (const url of ['/admin', '/admin/', '/admin/incidents', '/admin/kills/0193a1b2-0000-7000-8000-000000000000', '/admin/audit?outcome=refused']) {
      const response = await api.request('GET', url);
      expect({ url, status: response.status, type: response.headers['content-type'] }).toEqual({
        url,
        status: 200,
        type: expect.stringMatching(/^text\/html/),
      });
      expect(response.text).toContain('<div id="root"></div>');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toBe(ADMIN_UI_CSP);
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('has no inline script or style for the CSP to refuse', async () => {
    const html = (await api.request('GET', '/admin')).text;
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, body] of scripts) {
      expect(tag).toMatch(/ src="\/admin\/assets\//);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="/);
    expect(ADMIN_UI_CSP).toContain("script-src 'self'");
    expect(ADMIN_UI_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('caches hashed assets for good, with their content type', async () => {
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const response = await api.request('GET', `/admin/${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['content-type']).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
    }
    const favicon = await api.request('GET', '/admin/favicon.svg');
    expect(favicon.status).toBe(200);
    expect(favicon.headers['cache-control']).toBe('no-cache');
  });

  it('404s missing files and never serves anything outside the build', async () => {
    const missing = await api.request('GET', '/admin/assets/index-gone.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, message: 'no such file in the admin UI', requestId: expect.any(String) });
    for (const url of ['/admin/%2e%2e/package.json', '/admin/..%2fpackage.json', '/admin/assets/%2e%2e/%2e%2e/%2e%2e/package.json']) {
      const response = await api.request('GET', url);
      expect({ url, leaked: response.text.includes('"name": "killswitch"') }).toEqual({ url, leaked: false });
    }
  });

  it('leaves the queue dashboard at /admin/queues to admins', async () => {
    expect((await api.request('GET', '/admin/queues')).status).toBe(401);
  });
});
