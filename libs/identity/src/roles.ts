import { Role } from '@killswitch/db';

/** The roles a person holds. */
export const ROLES: readonly Role[] = [Role.admin, Role.responder, Role.approver, Role.auditor];
export { Role };

/** Every role a person holds; used by read-only routes that any signed-in person may call (never a `signals` token). */
export const ANY_ROLE: readonly Role[] = ROLES;

/**
 * Roles only an API token holds: `signals` lets an alert source (Alertmanager) post signals and do nothing else, not
 * even read. No account holds it, so "never wider than its creator" is decided per role: an admin may mint a `signals`
 * token (it can only propose what an admin could kill outright), and a `signals` token holds no other role, so a
 * leaked alerting config gives away nothing more.
 */
export const TOKEN_ONLY_ROLES: readonly Role[] = [Role.signals];

/** Whether a token may hold `role` while its creator holds `creatorRoles` (checked when minted and on every use). */
export function tokenMayHold(role: Role, creatorRoles: readonly Role[]): boolean {
  if (role === Role.signals) return creatorRoles.includes(Role.admin);
  return creatorRoles.includes(role);
}
