/**
 * The browser's session: an HttpOnly, SameSite=Strict cookie holding the
 * session secret (never readable by scripts, never in a URL), plus a CSRF
 * token that same-origin scripts send as X-CSRF-Token on every write.
 *
 * The CSRF token is derived from the session secret (HMAC-SHA256), so the
 * server can hand it out again after a page reload (GET /v1/auth/me) without
 * storing it; the session row keeps only its SHA-256 (csrfHash), which also
 * marks the session as a browser one. A cross-site page can make the browser
 * send a request, but it can neither read the cookie nor a response of ours
 * (no CORS), so it cannot learn the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { hashSecret } from './secrets';

export const SESSION_COOKIE = 'ks_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that must not change anything, so they need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const TOKEN = /^[A-Za-z0-9_-]{8,512}$/;

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** The session secret from a Cookie header, if it holds one that looks like a secret. */
export function sessionCookieOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return TOKEN.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * Secure whenever the client reached us over HTTPS, directly or through a
 * proxy that says so. Trusting X-Forwarded-Proto here is harmless: a forged
 * `https` only makes the cookie stricter.
 */
export function isHttps(request: { protocol?: string; headers: IncomingHttpHeaders }): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return request.protocol === 'https' || first === 'https';
}

export function sessionSetCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'Max-Age=0', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/** The CSRF token of a browser session. */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('killswitch csrf v1').digest('base64url');
}

/** True when `sent` is the CSRF token whose SHA-256 the session stored; constant time. */
export function csrfMatches(storedHash: string | null, sent: string | string[] | undefined): boolean {
  if (!storedHash || typeof sent !== 'string' || !TOKEN.test(sent)) return false;
  const a = Buffer.from(hashSecret(sent), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
