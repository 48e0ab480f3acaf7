import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { RefusalRecorder } from '@killswitch/audit';
import { AppError, requestIdOf } from '@killswitch/http';
import { ACCESS_POLICY, ALLOW_PENDING_PASSWORD, AccessPolicy, AuthenticatedRequest, missingRoleRefusal } from './access.decorators';
import { CredentialResolver } from './credential-resolver.service';
import { Principal, actorOf } from './principal';
import { RefusalLimiter, TooManyRefusals, addressKey, credentialKey } from './refusal-limiter';
import { CSRF_HEADER, csrfMatches, isSafeMethod, sessionCookieOf } from './session-cookie';
import { bearerOf } from './secrets';

/**
 * The global guard. Every route must declare an access policy; a route that
 * declares none is refused, so a forgotten decorator fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: CredentialResolver,
    private readonly refusals: RefusalRecorder,
    private readonly limiter: RefusalLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, targets);
    if (!policy) throw new AppError('forbidden', 'this route is closed');
    if (policy.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const secret = request.headers.authorization ?? sessionCookieOf(request.headers.cookie);
    const credential = secret === undefined ? undefined : credentialKey(secret);
    const address = addressKey(request.ip);
    const retryAfter = this.limiter.retryAfterFor(credential, address);
    if (retryAfter !== undefined) {
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
      throw new TooManyRefusals(retryAfter);
    }
    try {
      return await this.authorize(context, request, policy, credential);
    } catch (error) {
      this.limiter.countRefusal(error, address, () => credential);
      throw error;
    }
  }

  private async authorize(
    context: ExecutionContext,
    request: AuthenticatedRequest,
    policy: Exclude<AccessPolicy, { kind: 'public' }>,
    credential: string | undefined,
  ): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const principal = await this.authenticate(request);
    request.principal = principal;
    if (credential) this.limiter.vouch(credential);

    if (policy.kind === 'device') {
      if (principal.kind !== 'device') throw new AppError('forbidden', 'this route takes a device credential');
      return true;
    }
    if (principal.kind === 'device') {
      await this.refuse(principal, request, 'device credential on an admin route');
      throw new AppError('forbidden', 'a device credential cannot call admin routes');
    }
    if (principal.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD, targets)) {
      throw new AppError('forbidden', 'change your one-time password first: POST /v1/auth/password', undefined, 'password_change_required');
    }
    const missingRole = missingRoleRefusal(principal, policy.roles);
    if (missingRole) {
      await this.refuse(principal, request, `requires one of: ${policy.roles.join(', ')}`);
      throw missingRole;
    }
    return true;
  }

  /**
   * The Authorization header when there is one (API clients, devices);
   * otherwise the browser's session cookie, whose writes must carry the
   * session's CSRF token: a cross-site page can make the browser send the
   * cookie, but it cannot know the token.
   */
  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const cookie = request.headers.authorization === undefined ? sessionCookieOf(request.headers.cookie) : undefined;
    if (cookie) {
      const browser = await this.resolver.resolveBrowserSession(cookie);
      if (!browser) throw new AppError('unauthenticated', 'the session has expired or ended: sign in again');
      if (!isSafeMethod(request.method) && !csrfMatches(browser.csrfHash, request.headers[CSRF_HEADER])) {
        await this.refuse(browser.principal, request, 'cookie-authenticated write without a valid X-CSRF-Token');
        throw new AppError('forbidden', 'send the X-CSRF-Token header with the token your session was given', undefined, 'csrf_token_invalid');
      }
      return browser.principal;
    }
    const token = bearerOf(request.headers.authorization);
    if (!token) throw new AppError('unauthenticated', 'send a credential: Authorization: Bearer <token>');
    const principal = await this.resolver.resolve(token);
    if (!principal) throw new AppError('unauthenticated', 'the credential is invalid, expired or revoked');
    return principal;
  }

  /** A refused privileged attempt is audited: counted per minute, folded into the chain once the minute closes. */
  private async refuse(principal: Principal, request: AuthenticatedRequest, reason: string): Promise<void> {
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    await this.refusals.record({
      actor: actorOf(principal),
      action: 'access.refused',
      target: { type: 'route', id: route },
      reason,
      requestId: requestIdOf(request.raw),
    });
  }
}
