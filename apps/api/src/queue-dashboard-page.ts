/**
 * What the browser gets from the queue dashboard: the admin UI's security
 * headers on every answer, and @bull-board's page made to live under that CSP.
 *
 * Its page links Google Fonts (a third-party host, refused by the CSP: the
 * page falls back to the system sans-serif) and carries an inline loading
 * placeholder (inline styles, refused too); both are removed. The CSP's
 * `base-uri 'none'` also refuses the page's <base>, so its relative URLs are
 * made absolute (bull-board's scripts read their base path from that
 * element's attribute, which stays, and find their chunks from their own
 * URL); the browser still reports the refused <base>. A small script
 * of ours is added: bull-board's own requests carry no CSRF token, so the
 * script asks GET /v1/auth/me for this session's token (same origin) and adds
 * X-CSRF-Token to the dashboard's writes (retry, clean, ...). Without it the
 * server refuses those writes, as it does for the admin UI.
 */
import { ADMIN_UI_HEADERS } from './admin-ui/admin-ui.files';

export const CSRF_SCRIPT_FILE = 'killswitch-csrf.js';

export const DASHBOARD_HEADERS: Record<string, string> = { ...ADMIN_UI_HEADERS };

/** The page without foreign hosts or inline styles, with our CSRF script first. */
export function rewriteDashboardPage(html: string, basePath: string): string {
  return html
    .replace(/<link\b[^>]*\bhref="(?:https?:)?\/\/[^"]*"[^>]*>/gi, '')
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '')
    .replace(/(<div id="root">)[\s\S]*?(<\/div>\s*<script)/i, '$1$2')
    .replace(/\sstyle="[^"]*"/gi, '')
    .replace(/(\s(?:href|src)=")static\//gi, `$1${basePath}/static/`)
    .replace('</head>', `<script src="${basePath}/${CSRF_SCRIPT_FILE}"></script></head>`);
}

/** Runs before bull-board's scripts; patches XMLHttpRequest and fetch for same-origin writes under the dashboard. */
export function csrfScript(basePath: string): string {
  return `(function () {
  'use strict';
  var base = ${JSON.stringify(basePath + '/')};
  var token = fetch('/v1/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (me) { return me.csrfToken; }, function () { return undefined; });
  function needsToken(method, url) {
    if (/^(GET|HEAD|OPTIONS)$/i.test(method || 'GET')) return false;
    var target = new URL(url, document.baseURI);
    return target.origin === location.origin && target.pathname.indexOf(base) === 0;
  }
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__ksWrite = needsToken(method, String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function (body) {
    var xhr = this;
    if (!xhr.__ksWrite) return send.call(xhr, body);
    token.then(function (value) {
      if (value) xhr.setRequestHeader('X-CSRF-Token', value);
      send.call(xhr, body);
    });
  };
  var originalFetch = window.fetch;
  window.fetch = function (input, init) {
    var request = new Request(input, init);
    if (!needsToken(request.method, request.url)) return originalFetch.call(window, request);
    return token.then(function (value) {
      if (value) request.headers.set('X-CSRF-Token', value);
      return originalFetch.call(window, request);
    });
  };
})();
`;
}
