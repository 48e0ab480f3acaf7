import { AuditService } from '@killswitch/audit';
import { Prisma, PrismaService, Role, User, truncateCodePoints } from '@killswitch/db';
import { recordGrants } from '../users.service';
import { VerifiedIdentity } from './oidc-client.service';

/** Why an identity the provider vouched for still may not sign in here. */
export class AccountRefusal extends Error {
  constructor(
    message: string,
    readonly userId?: string,
  ) {
    super(message);
  }
}

/** The Killswitch roles the identity's groups map to (OIDC_ROLE_MAP), in the order ROLES lists them. */
export function mappedRoles(claims: Record<string, unknown>, claim: string, map: Record<string, string[]>): Role[] {
  const raw = claims[claim];
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : typeof raw === 'string' ? [raw] : [];
  const roles = new Set(groups.flatMap((group) => map[group] ?? []));
  return [Role.admin, Role.responder, Role.approver, Role.auditor].filter((role) => roles.has(role));
}

/**
 * The account of an SSO identity, created at its first sign-in and brought up to date at each: its roles are
 * replaced by those its groups map to now. It is found by (issuer, subject) only, so a local account of the same
 * email stays another person (four eyes compares user ids).
 */
export async function upsertAccount(prisma: PrismaService, audit: AuditService, identity: VerifiedIdentity, roles: Role[]): Promise<User> {
  const email = emailOf(identity);
  const actor = { type: 'system', label: `oidc:${identity.issuer}` } as const;
  try {
    return await prisma.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } } });
      if (existing?.disabled) throw new AccountRefusal('this account is disabled in Killswitch', existing.id);
      if (roles.length === 0) throw new AccountRefusal(`none of this account's groups maps to a Killswitch role (OIDC_ROLE_MAP)`, existing?.id);
      if (!existing) {
        // No password: an SSO account can only sign in through its provider.
        const user = await tx.user.create({ data: { email, passwordHash: '', issuer: identity.issuer, subject: identity.subject, roles } });
        await recordGrants(tx, user.id, roles, null);
        await audit.record(tx, { actor }, { action: 'user.create', target: { type: 'user', id: user.id }, after: { email, roles, issuer: identity.issuer } });
        return user;
      }
      if (existing.email === email && sameRoles(existing.roles, roles)) return existing;
      const user = await tx.user.update({ where: { id: existing.id }, data: { email, roles } });
      await recordGrants(
        tx,
        user.id,
        roles.filter((role) => !existing.roles.includes(role)),
        null,
      );
      await audit.record(
        tx,
        { actor },
        { action: 'user.update', target: { type: 'user', id: user.id }, before: { email: existing.email, roles: existing.roles }, after: { email, roles } },
      );
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AccountRefusal(`another account of this provider already uses the email ${email}`);
    }
    throw error;
  }
}

function emailOf(identity: VerifiedIdentity): string {
  const { email, preferred_username: username } = identity.claims;
  const name = typeof email === 'string' && email ? email : typeof username === 'string' && username ? username : identity.subject;
  return truncateCodePoints(name.trim().toLowerCase(), 254);
}

function sameRoles(a: Role[], b: Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
