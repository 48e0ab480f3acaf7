/**
 * Who appointed a person, directly or through people they appointed: whoever
 * created their account (they chose its password) and whoever last granted
 * them a role they act with, then the same for each of those, with the admin
 * role as what let them appoint. Four eyes refuses two people one of whom
 * appointed the other this way: an admin who creates a responder could sign in
 * as it, ask for a lift and approve it as themselves.
 */
import { Role, Tx } from '@killswitch/db';

/**
 * The ids of everyone who appointed this person, at any distance. `roles`: the
 * roles the person acts with here (the grantor of another role they hold did
 * not put them in this place). Accounts and grants with no recorded grantor
 * (the bootstrap admin, accounts from single sign-on, rows from before grantors
 * were recorded) end a chain. A chain that loops (two admins who granted each
 * other a role) is walked once.
 */
export async function appointersOf(tx: Tx, userId: string, roles: readonly Role[]): Promise<Set<string>> {
  const found = new Set<string>();
  let frontier = [userId];
  let acting: readonly Role[] = roles;
  while (frontier.length > 0) {
    const rows = await tx.$queryRaw<{ appointer: string }[]>`
      SELECT u."createdById"::text AS appointer FROM users u
      WHERE u.id = ANY(${frontier}::uuid[]) AND u."createdById" IS NOT NULL
      UNION
      SELECT latest."grantedById"::text FROM (
        SELECT DISTINCT ON (g."userId", g.role) g."grantedById" FROM role_grants g
        WHERE g."userId" = ANY(${frontier}::uuid[]) AND g.role::text = ANY(${[...acting]}::text[])
        ORDER BY g."userId", g.role, g."grantedAt" DESC
      ) latest
      WHERE latest."grantedById" IS NOT NULL`;
    frontier = rows.map((row) => row.appointer).filter((id) => id !== userId && !found.has(id));
    for (const id of frontier) found.add(id);
    // Past the person themselves, what matters is how each appointer could appoint: as an admin.
    acting = [Role.admin];
  }
  return found;
}

/** The roles a person holds among those that matter for what they do here (none for an account that is gone). */
export async function actingRoles(tx: Tx, userId: string, relevant: readonly Role[]): Promise<Role[]> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { roles: true } });
  return (user?.roles ?? []).filter((role) => relevant.includes(role));
}
