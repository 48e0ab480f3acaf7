/** Where the built admin UI (`npm run admin:build`, Vite) lives, and how its responses are cached and locked down. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ADMIN_UI_PATH = '/admin';
export const ADMIN_UI_DIR = Symbol('ADMIN_UI_DIR');

/**
 * dist/admin, found from this file in dist/ (a build, the container) or in
 * the sources (tests): the nearest with an index.html, else undefined.
 */
export function findAdminUiDir(from = __dirname): string | undefined {
  const up = path.resolve(from, '..', '..', '..', '..');
  return [path.join(up, 'admin'), path.join(up, 'dist', 'admin')].find((dir) => existsSync(path.join(dir, 'index.html')));
}

/**
 * The UI loads only its own files and talks only to its own origin: no inline
 * script or style, no framing, no plugins, no foreign hosts.
 */
export const ADMIN_UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const ADMIN_UI_HEADERS: Record<string, string> = {
  'content-security-policy': ADMIN_UI_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Vite names everything under assets/ by content hash: cached for good. Anything else is revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export type AdminUiTarget = { kind: 'asset'; file: string } | { kind: 'file'; file: string } | { kind: 'app' } | { kind: 'missing' };

const FILE = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * What a path under /admin/ is: a hashed asset, another file of the build
 * (favicon), or a client route of the single-page app, answered with
 * index.html. A path that names a file (has an extension) but is not one is
 * a 404, not the app, so a stale asset URL fails loudly.
 */
export function resolveAdminUiPath(rest: string, exists: (file: string) => boolean): AdminUiTarget {
  const file = rest.replace(/^\/+/, '');
  if (file === '' || file === 'index.html') return { kind: 'app' };
  const looksLikeFile = /\.[A-Za-z0-9]+$/.test(file);
  if (!FILE.test(file) || file.split('/').some((segment) => segment.startsWith('.'))) return looksLikeFile ? { kind: 'missing' } : { kind: 'app' };
  if (exists(file)) return file.startsWith('assets/') ? { kind: 'asset', file } : { kind: 'file', file };
  return looksLikeFile || file.startsWith('assets/') ? { kind: 'missing' } : { kind: 'app' };
}
