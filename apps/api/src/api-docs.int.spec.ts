import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { ADMIN_UI_CSP } from './admin-ui/admin-ui.files';
import { DOCS_CSS, DOCS_STYLESHEET, isDocsPath } from './api-docs';

/**
 * /docs (Swagger UI) shares the admin UI's origin and session cookie, so it
 * gets the admin UI's security headers, on the page, its assets and the
 * documents; and a page the strict CSP does not break. In a browser:
 * test/api-docs.e2e.spec.ts.
 */
describe('API reference at /docs (integration)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  const headersOf = (response: { status: number; headers: Record<string, unknown> }) => ({
    status: response.status,
    csp: response.headers['content-security-policy'],
    frame: response.headers['x-frame-options'],
    referrer: response.headers['referrer-policy'],
    nosniff: response.headers['x-content-type-options'],
    opener: response.headers['cross-origin-opener-policy'],
  });

  it.each([
    ['/docs', 200],
    ['/docs/', 200],
    ['/docs/index.html', 200],
    ['/docs/swagger-ui.css', 200],
    ['/docs/swagger-ui-bundle.js', 200],
    ['/docs/swagger-ui-standalone-preset.js', 200],
    ['/docs/swagger-ui-init.js', 200],
    ['/docs/docs/swagger-ui-init.js', 200],
    ['/docs/favicon-32x32.png', 200],
    [DOCS_STYLESHEET, 200],
    ['/docs-json', 200],
    ['/docs-yaml', 200],
    ['/docs/no-such-file.js', 404],
  ])('serves %s under the admin UI’s CSP, X-Frame-Options, Referrer-Policy and nosniff', async (url, status) => {
    expect(headersOf(await api.request('GET', url))).toEqual({
      status,
      csp: ADMIN_UI_CSP,
      frame: 'DENY',
      referrer: 'no-referrer',
      nosniff: 'nosniff',
      opener: 'same-origin',
    });
  });

  it('keeps the CSP strict: frames refused, nothing inline, nothing from another host', () => {
    expect(ADMIN_UI_CSP).toContain("frame-ancestors 'none'");
    expect(ADMIN_UI_CSP).toContain("script-src 'self'");
    expect(ADMIN_UI_CSP).toContain("style-src 'self'");
    expect(ADMIN_UI_CSP).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|https?:/);
  });

  it('serves a page with no inline script or style for the CSP to refuse, its styles in a stylesheet of ours', async () => {
    for (const url of ['/docs', '/docs/']) {
      const html = (await api.request('GET', url)).text;
      const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
      expect(scripts.map(([tag]) => /\ssrc=/.test(tag))).toEqual([true, true, true]);
      expect(scripts.map(([, body]) => body.trim())).toEqual(['', '', '']);
      expect(html).not.toMatch(/<style\b|\sstyle=/i);
      expect(html).toContain(`<link rel="stylesheet" type="text/css" href="${DOCS_STYLESHEET}">`);
    }
    const stylesheet = await api.request('GET', DOCS_STYLESHEET);
    expect({ type: stylesheet.headers['content-type'], text: stylesheet.text }).toEqual({ type: 'text/css; charset=utf-8', text: DOCS_CSS });
  });

  it('turns off the validator badge (an image from validator.swagger.io naming this server) and the top bar', async () => {
    const init = (await api.request('GET', '/docs/swagger-ui-init.js')).text;
    expect(init).toMatch(/"validatorUrl": null/);
    expect(init).toMatch(/"layout": "BaseLayout"/);
  });

  it('leaves the API’s own answers alone', async () => {
    const live = await api.request('GET', '/health/live');
    expect(live.headers['content-security-policy']).toBeUndefined();
    expect(isDocsPath('/docsx')).toBe(false);
    expect(isDocsPath('/docs-jsonx')).toBe(false);
    expect(isDocsPath('/v1/docs')).toBe(false);
    expect(isDocsPath('/docs?x=1')).toBe(true);
    expect(isDocsPath('/docs-json?x=1')).toBe(true);
  });
});
