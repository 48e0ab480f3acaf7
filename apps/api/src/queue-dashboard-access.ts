/**
 * Who may use the queue dashboard: an admin, by bearer credential (API
 * clients) or by the browser's session cookie, with the same checks as the
 * global guard (session not revoked or expired, user not disabled, one-time
 * password changed, and a valid X-CSRF-Token on every cookie-authenticated
 * write). The dashboard is a Fastify plugin, not a Nest route, so the guard
 * does not run for it.
 *
 * Its writes (pause, clean, retry, ...) are for people: an API token may read
 * the board but not change a queue. Pausing the revocations queue stops every
 * push of a kill; that is a decision a person signs, as a lift's approval is.
 */
import type { FastifyRequest } from 'fastify';
import { RefusalRecorder } from '@killswitch/audit';
import { Role } from '@killswitch/db';
import { AppError, requestIdOf } from '@killswitch/http';
import { CSRF_HEADER, CredentialResolver, Principal, UserPrincipal, actorOf, bearerOf, csrfMatches, isSafeMethod, sessionCookieOf } from '@killswitch/identity';

/** The admin making this dashboard request; throws the refusal (401, 403) otherwise. */
export async function requireDashboardAdmin(request: FastifyRequest, resolver: CredentialResolver, refusals: RefusalRecorder): Promise<UserPrincipal> {
  const principal = await authenticate(request, resolver, refusals);
  if (principal.kind !== 'user') throw new AppError('forbidden', 'the queue dashboard is for admins');
  if (principal.mustChangePassword) {
    throw new AppError('forbidden', 'change your one-time password first: POST /v1/auth/password', undefined, 'password_change_required');
  }
  if (!principal.roles.includes(Role.admin)) {
    await refuse(refusals, principal, request, 'the queue dashboard is for admins');
    throw new AppError('forbidden', 'the queue dashboard is for admins');
  }
  if (principal.via === 'api-token' && !isSafeMethod(request.method)) {
    await refuse(refusals, principal, request, 'an API token cannot change the queues: a person must sign in');
    throw new AppError(
      'forbidden',
      'an API token cannot change the queues from the queue dashboard: sign in as a person',
      undefined,
      'api_token_cannot_decide',
    );
  }
  return principal;
}

async function authenticate(request: FastifyRequest, resolver: CredentialResolver, refusals: RefusalRecorder): Promise<Principal> {
  const cookie = request.headers.authorization === undefined ? sessionCookieOf(request.headers.cookie) : undefined;
  if (cookie) {
    const browser = await resolver.resolveBrowserSession(cookie);
    if (!browser) throw new AppError('unauthenticated', 'the session has expired or ended: sign in again');
    if (!isSafeMethod(request.method) && !csrfMatches(browser.csrfHash, request.headers[CSRF_HEADER])) {
      await refuse(refusals, browser.principal, request, 'cookie-authenticated write without a valid X-CSRF-Token');
      throw new AppError('forbidden', 'send the X-CSRF-Token header with the token your session was given', undefined, 'csrf_token_invalid');
    }
    return browser.principal;
  }
  const token = bearerOf(request.headers.authorization);
  if (!token) throw new AppError('unauthenticated', 'sign in to the admin UI, or send Authorization: Bearer <token>');
  const principal = await resolver.resolve(token);
  if (!principal) throw new AppError('unauthenticated', 'the credential is invalid, expired or revoked');
  return principal;
}

async function refuse(refusals: RefusalRecorder, principal: Principal, request: FastifyRequest, reason: string): Promise<void> {
  await refusals.record({
    actor: actorOf(principal),
    action: 'access.refused',
    target: { type: 'route', id: `${request.method} ${request.routeOptions.url ?? request.url}` },
    reason,
    requestId: requestIdOf(request.raw),
  });
}
