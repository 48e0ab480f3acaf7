/**
 * The API reference: the OpenAPI document at /docs-json (and /docs-yaml) and
 * Swagger UI at /docs, on the same origin as the admin UI and its session
 * cookie, so under the admin UI's security headers: its strict
 * Content-Security-Policy (no inline script or style, nothing from another
 * host, no framing), X-Frame-Options, Referrer-Policy and the rest, on the
 * page, its assets and the documents alike.
 *
 * Swagger UI's page (@nestjs/swagger's template) carries two inline <style>
 * elements and an inline style attribute, which that CSP refuses; they are
 * removed from the page and what they did is served as a stylesheet of ours
 * (DOCS_CSS). Its scripts are files already. Its top bar goes (BaseLayout):
 * it held only the logo, an SVG with an inline <style> of its own, and a URL
 * box @nestjs/swagger hides. Its validator badge, an image from
 * validator.swagger.io naming this server's URL, is turned off. React's style
 * props are set through the DOM (CSSOM), which the CSP allows.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_UI_HEADERS } from './admin-ui/admin-ui.files';

export const API_DOCS_PATH = '/docs';
export const DOCS_STYLESHEET = `${API_DOCS_PATH}/killswitch-docs.css`;
export const DOCS_HEADERS: Record<string, string> = { ...ADMIN_UI_HEADERS };

/** /docs, everything under it (the page, its assets), and the documents /docs-json and /docs-yaml. */
const DOCS_PATH = /^\/docs(?:-json|-yaml)?(?:[/?]|$)/;

/** What the page's inline styles did: the template's <style> element and its icon sprite's style attribute. */
export const DOCS_CSS = `html { box-sizing: border-box; overflow-y: scroll; }
*, *::before, *::after { box-sizing: inherit; }
body { margin: 0; background: #fafafa; }
body > svg:first-child { position: absolute; width: 0; height: 0; }
`;

export function isDocsPath(url: string): boolean {
  return url.startsWith(API_DOCS_PATH) && DOCS_PATH.test(url);
}

/** Swagger UI's page without inline styles, linking DOCS_CSS in their place. */
export function rewriteDocsPage(html: string): string {
  return html
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '')
    .replace(/\sstyle="[^"]*"/gi, '')
    .replace('</head>', `<link rel="stylesheet" type="text/css" href="${DOCS_STYLESHEET}"></head>`);
}

/** Serves the document and Swagger UI at /docs under DOCS_HEADERS. */
export function installApiDocs(app: NestFastifyApplication, document: OpenAPIObject): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    if (isDocsPath(request.url)) void reply.headers(DOCS_HEADERS);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const html = typeof payload === 'string' && isDocsPath(request.url) && String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    done(null, html ? rewriteDocsPage(payload) : payload);
  });
  fastify.get(DOCS_STYLESHEET, (_request, reply) => reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'no-cache').send(DOCS_CSS));
  SwaggerModule.setup(API_DOCS_PATH.slice(1), app, document, { swaggerOptions: { layout: 'BaseLayout', validatorUrl: null } });
}
