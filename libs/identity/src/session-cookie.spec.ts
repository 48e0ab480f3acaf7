import { hashSecret } from './secrets';
import { clearedSessionCookie, csrfMatches, csrfTokenFor, isHttps, isSafeMethod, sessionCookieOf, sessionSetCookie } from './session-cookie';

describe('session cookie', () => {
  it('reads the session cookie among others and ignores look-alikes and junk', () => {
    expect(sessionCookieOf('a=1; ks_session=kss_abcdefgh; b=2')).toBe('kss_abcdefgh');
    expect(sessionCookieOf('ks_session=kss_abcdefgh')).toBe('kss_abcdefgh');
    expect(sessionCookieOf('xks_session=kss_abcdefgh; ks_sessionx=kss_abcdefgh')).toBeUndefined();
    expect(sessionCookieOf('ks_session=short')).toBeUndefined();
    expect(sessionCookieOf('ks_session=kss_abc"defgh')).toBeUndefined();
    expect(sessionCookieOf(undefined)).toBeUndefined();
  });

  it('writes HttpOnly, SameSite=Strict, Path=/ cookies that last as long as the session, Secure on HTTPS', () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    expect(sessionSetCookie('kss_abcdefgh', expiresAt, false)).toMatch(/^ks_session=kss_abcdefgh; Path=\/; Max-Age=(3599|3600); HttpOnly; SameSite=Strict$/);
    expect(sessionSetCookie('kss_abcdefgh', expiresAt, true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toBe('ks_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it('tells HTTPS from the protocol or a forwarding proxy', () => {
    expect(isHttps({ protocol: 'https', headers: {} })).toBe(true);
    expect(isHttps({ protocol: 'http', headers: { 'x-forwarded-proto': 'https, http' } })).toBe(true);
    expect(isHttps({ protocol: 'http', headers: {} })).toBe(false);
  });

  it('treats only GET, HEAD and OPTIONS as safe', () => {
    expect(['GET', 'head', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isSafeMethod)).toBe(false);
  });

  it('derives a CSRF token per session and checks it against the stored hash only', () => {
    const token = csrfTokenFor('kss_session-one');
    expect(token).toBe(csrfTokenFor('kss_session-one'));
    expect(token).not.toBe(csrfTokenFor('kss_session-two'));
    const stored = hashSecret(token);
    expect(csrfMatches(stored, token)).toBe(true);
    expect(csrfMatches(stored, csrfTokenFor('kss_session-two'))).toBe(false);
    expect(csrfMatches(stored, undefined)).toBe(false);
    expect(csrfMatches(stored, [token, token])).toBe(false);
    expect(csrfMatches(null, token)).toBe(false);
  });
});
