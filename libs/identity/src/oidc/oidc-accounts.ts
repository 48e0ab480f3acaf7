import { AuditContext, AuditService } from '@killswitch/audit';
import { Prisma, PrismaService, Role, Tx, User, truncateCodePoints } from '@killswitch/db';
import { endCredentials, recordGrants } from '../users.service';
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

/** How far the provider's `email` claim is believed (OIDC_EMAIL_WITHOUT_VERIFIED). */
export interface EmailPolicy {
  /** An email that comes without `email_verified` is taken as the person's (a provider that never sends the claim). */
  trustWithoutVerified: boolean;
}

/**
 * The Killswitch roles the identity's groups map to (OIDC_ROLE_MAP), in the order ROLES lists them; undefined when the
 * provider sent no such claim at all (Entra ID leaves `groups` out past 200 groups; a scope or claim name set wrong):
 * that says nothing about the person's roles, where groups that map to nothing say they hold none.
 */
export function mappedRoles(claims: Record<string, unknown>, claim: string, map: Record<string, string[]>): Role[] | undefined {
  const raw = claims[claim];
  if (!Array.isArray(raw) && typeof raw !== 'string') return undefined;
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : typeof raw === 'string' ? [raw] : [];
  const roles = new Set(groups.flatMap((group) => map[group] ?? []));
  return [Role.admin, Role.responder, Role.approver, Role.auditor].filter((role) => roles.has(role));
}

/**
 * What an SSO account is shown as (the users list, the audit log's actor): its email only when the provider vouches
 * that the email is this person's (`email_verified` true; with `trustWithoutVerified`, also when the provider says
 * nothing of it), otherwise `oidc:<issuer>#<subject>`, which is not an email address and names this identity alone.
 * An unverified claim, or a `preferred_username`, is whatever the person typed at the provider: taken as a label it
 * would let anyone appear as a colleague, or as a local admin, in the list and the audit log.
 */
export function accountLabel(identity: VerifiedIdentity, policy: EmailPolicy): string {
  const { email, email_verified: verified } = identity.claims;
  // Some providers' userinfo sends the boolean as a string (Amazon Cognito).
  const vouched = verified === true || verified === 'true' || (verified === undefined && policy.trustWithoutVerified);
  if (vouched && typeof email === 'string' && email.trim()) return truncateCodePoints(email.trim().toLowerCase(), 254);
  return subjectLabel(identity);
}

function subjectLabel(identity: VerifiedIdentity): string {
  // `sub` is at most 255 ASCII characters (OpenID Connect Core 2): the cut only bounds a provider that breaks that.
  return truncateCodePoints(`oidc:${identity.issuer}#${identity.subject}`, 500);
}

/**
 * The account of an SSO identity, created at its first sign-in and brought up to date at each: its roles are
 * replaced by those its groups map to now. It is found by (issuer, subject) only, so a local account of the same
 * email stays another account, and an email never decides whose account it is (four eyes, though, counts the two as
 * one person's when the email is vouched for: lifts/appointers.ts personOf).
 *
 * An identity whose groups map to no role is refused. If it has an account, the provider has taken its roles away:
 * before refusing, one transaction clears the account's roles, ends its sessions and revokes its API tokens (a token
 * acts as its creator), with an audit entry by the provider, and commits.
 */
export async function upsertAccount(
  prisma: PrismaService,
  audit: AuditService,
  identity: VerifiedIdentity,
  roles: Role[] | undefined,
  policy: EmailPolicy,
  requestId?: string,
): Promise<User> {
  const ctx: AuditContext = { actor: { type: 'system', label: `oidc:${identity.issuer}` }, requestId };
  let outcome: User | AccountRefusal;
  try {
    outcome = await prisma.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } } });
      if (existing?.disabled) return new AccountRefusal('this account is disabled in Killswitch', existing.id);
      if (roles === undefined) {
        // Not the provider taking every role away: the account is left as it is, and this sign-in refused.
        return new AccountRefusal(
          "the provider's answer holds no roles claim (OIDC_ROLES_CLAIM): the account is left as it was; check the provider's claims and scopes",
          existing?.id,
        );
      }
      if (roles.length === 0) {
        const ended = existing ? await deprovision(tx, audit, ctx, existing) : false;
        return new AccountRefusal(
          `none of this account's groups maps to a Killswitch role (OIDC_ROLE_MAP)${ended ? ': its roles were removed and its sessions and API tokens ended' : ''}`,
          existing?.id,
        );
      }
      const email = await labelFor(tx, identity, policy, existing?.id);
      if (!existing) {
        // No password: an SSO account can only sign in through its provider.
        const user = await tx.user.create({ data: { email, passwordHash: '', issuer: identity.issuer, subject: identity.subject, roles } });
        await recordGrants(tx, user.id, roles, null);
        await audit.record(tx, ctx, { action: 'user.create', target: { type: 'user', id: user.id }, after: { email, roles, issuer: identity.issuer } });
        return user;
      }
      if (existing.email === email && sameRoles(existing.roles, roles)) return existing;
      // Roles the groups no longer map to are gone at once: sessions and tokens read their user's roles on every request.
      const user = await tx.user.update({ where: { id: existing.id }, data: { email, roles } });
      await recordGrants(
        tx,
        user.id,
        roles.filter((role) => !existing.roles.includes(role)),
        null,
      );
      await audit.record(tx, ctx, {
        action: 'user.update',
        target: { type: 'user', id: user.id },
        before: { email: existing.email, roles: existing.roles },
        after: { email, roles },
      });
      return user;
    });
  } catch (error) {
    // Two sign-ins of one new identity at the same moment, or two accounts taking one label: the other one won.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AccountRefusal('another sign-in of this account changed it at the same moment: sign in again');
    }
    throw error;
  }
  if (outcome instanceof AccountRefusal) throw outcome;
  return outcome;
}

/**
 * The account's label, unless another account of this provider holds it (a label names one account of an issuer:
 * (issuer, email) is unique): then the subject's, until that account lets it go at its next sign-in. So an email the
 * provider has given to someone else since, or one a look-alike account took before its claims were checked, locks
 * nobody out.
 */
async function labelFor(tx: Tx, identity: VerifiedIdentity, policy: EmailPolicy, accountId: string | undefined): Promise<string> {
  const label = accountLabel(identity, policy);
  const holder = await tx.user.findUnique({ where: { issuer_email: { issuer: identity.issuer, email: label } }, select: { id: true } });
  return holder && holder.id !== accountId ? subjectLabel(identity) : label;
}

/** The provider maps the person to no role any more: no role, no session, no API token here either. False: nothing was held. */
async function deprovision(tx: Tx, audit: AuditService, ctx: AuditContext, user: User): Promise<boolean> {
  const ended = await endCredentials(tx, user.id);
  if (user.roles.length === 0 && ended.endedSessions === 0 && ended.revokedApiTokens === 0) return false;
  await tx.user.update({ where: { id: user.id }, data: { roles: [] } });
  await audit.record(tx, ctx, {
    action: 'user.update',
    target: { type: 'user', id: user.id },
    before: { email: user.email, roles: user.roles },
    after: { email: user.email, roles: [], ...ended },
    reason: "single sign-on: none of this account's groups maps to a Killswitch role any more",
  });
  return true;
}

function sameRoles(a: Role[], b: Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
