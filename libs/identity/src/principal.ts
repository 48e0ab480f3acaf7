import type { Actor } from '@killswitch/audit';
import type { Role } from '@killswitch/db';

/** A person, signed in with a session or acting through one of their API tokens. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  email: string;
  /** The OpenID Connect issuer the person signs in through; "" for a local account. */
  issuer: string;
  roles: Role[];
  userCreatedAt: Date;
  via: 'session' | 'api-token';
  sessionId?: string;
  apiTokenId?: string;
  /** The session came in the browser's cookie (its writes were checked for a CSRF token). */
  viaCookie?: boolean;
  mustChangePassword: boolean;
}

export interface DevicePrincipal {
  kind: 'device';
  deviceId: string;
  credentialId: string;
}

export type Principal = UserPrincipal | DevicePrincipal;

/**
 * How a person is named in the audit log: their email, marked `(sso)` for an account of the single sign-on provider,
 * which may hold the same email as a local account and is another account (one person's, as four eyes counts them).
 */
export function personLabel(user: { email: string; issuer: string }): string {
  return user.issuer ? `${user.email} (sso)` : user.email;
}

export function actorOf(principal: Principal | undefined): Actor {
  if (!principal) return { type: 'anonymous', label: 'anonymous' };
  if (principal.kind === 'device') return { type: 'device', id: principal.deviceId, label: `device:${principal.deviceId}` };
  const person = personLabel(principal);
  return {
    type: 'user',
    id: principal.userId,
    label: principal.via === 'api-token' ? `${person} (api token ${principal.apiTokenId})` : person,
    ...(principal.apiTokenId ? { tokenId: principal.apiTokenId } : {}),
  };
}

/**
 * What a service needs to know about the request it serves: who, and the
 * correlation id. Typed by who can be calling: a route whose policy admits
 * only people hands out a UserContext (@UserCtx), a device route a
 * DeviceContext (@DeviceCtx), so a service reads `ctx.principal.userId`
 * without a cast.
 */
export interface RequestContext<P extends Principal = Principal> {
  principal: P;
  actor: Actor;
  requestId: string;
}

/** A request made by a person: a session or one of their API tokens (routes under @Roles). */
export type UserContext = RequestContext<UserPrincipal>;

/** A request made with a device's own credential (routes under @DeviceOnly). */
export type DeviceContext = RequestContext<DevicePrincipal>;
