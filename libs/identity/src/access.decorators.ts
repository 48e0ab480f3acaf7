import { ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@killswitch/db';
import { ApiErrors, AppError, requestIdOf } from '@killswitch/http';
import { DeviceContext, Principal, RequestContext, UserContext, UserPrincipal, actorOf } from './principal';

/**
 * Every route declares who may call it; a route that declares nothing is
 * refused (deny by default).
 */
export type AccessPolicy = { kind: 'public' } | { kind: 'device' } | { kind: 'roles'; roles: readonly Role[] };

export const ACCESS_POLICY = 'killswitch:access';
export const ALLOW_PENDING_PASSWORD = 'killswitch:allow-pending-password';

/**
 * Each access decorator also writes the route's security and its credential
 * refusals into the OpenAPI document, so the document cannot say otherwise
 * than the guard. A public route has no security requirement (the document
 * builder writes `security: []` for it).
 */
const CREDENTIAL_REFUSED = ['unauthenticated', 'missing, invalid, expired or revoked credential'] as const;
const TOO_MANY_REFUSALS = ['rate_limited', 'too many refused attempts from this credential or address: retry in 30 s'] as const;

/** No credential needed (login, health, JWKS). */
export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/**
 * Only a device's own credential. `documentRefusals: false` on a route that
 * answers its refusals in another protocol's shape and documents them itself
 * (OFREP), so no ErrorBody example is merged into its answers.
 */
export const DeviceOnly = ({ documentRefusals = true }: { documentRefusals?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'device' } satisfies AccessPolicy),
    ApiBearerAuth(),
    ...(documentRefusals ? [ApiErrors([...CREDENTIAL_REFUSED], ['forbidden', 'this route takes a device credential'], [...TOO_MANY_REFUSALS])] : []),
  );

const needsOneOf = (roles: readonly Role[]) => `this needs one of the roles ${roles.join(', ')}`;

/**
 * The refusal of a person who holds none of these roles, or undefined if they hold one: what the guard answers on a
 * @Roles route, and what a view tells a person before they try (a lift request's youMayDecide).
 */
export function missingRoleRefusal(principal: UserPrincipal, roles: readonly Role[]): AppError | undefined {
  return roles.some((role) => principal.roles.includes(role)) ? undefined : new AppError('forbidden', needsOneOf(roles));
}

/** A person (session or API token) holding at least one of these roles. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy),
    ApiBearerAuth(),
    ApiCookieAuth(),
    ApiErrors([...CREDENTIAL_REFUSED], ['forbidden', needsOneOf(roles)], 'password_change_required', [...TOO_MANY_REFUSALS]),
  );

/** Reachable while a one-time password still has to be changed. */
export const AllowPendingPasswordChange = () => SetMetadata(ALLOW_PENDING_PASSWORD, true);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

function contextOf(context: ExecutionContext, decorator: string): RequestContext {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error(`${decorator} used on a route without authentication`);
  return { principal: request.principal, actor: actorOf(request.principal), requestId: requestIdOf(request.raw) };
}

/** The request's context, whoever the caller; prefer @UserCtx or @DeviceCtx, which say who it is. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => contextOf(context, 'Ctx'));

/** The context of a person's request; only on routes guarded by @Roles (the guard has refused every other credential). */
export const UserCtx = createParamDecorator((_data: unknown, context: ExecutionContext): UserContext => {
  const { principal, ...rest } = contextOf(context, 'UserCtx');
  if (principal.kind !== 'user') throw new Error('UserCtx used on a route that admits a device credential');
  return { principal, ...rest };
});

/** The context of a device's request; only on routes guarded by @DeviceOnly. */
export const DeviceCtx = createParamDecorator((_data: unknown, context: ExecutionContext): DeviceContext => {
  const { principal, ...rest } = contextOf(context, 'DeviceCtx');
  if (principal.kind !== 'device') throw new Error('DeviceCtx used on a route that admits people');
  return { principal, ...rest };
});

/** The signed-in person; only on routes guarded by @Roles. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): UserPrincipal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'user') throw new Error('CurrentUser used on a route without a user principal');
  return principal;
});
