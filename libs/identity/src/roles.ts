import { Role } from '@killswitch/db';

export const ROLES: readonly Role[] = [Role.admin, Role.responder, Role.approver, Role.auditor];
export { Role };

/** Every role; used by read-only routes that any signed-in person may call. */
export const ANY_ROLE: readonly Role[] = ROLES;
