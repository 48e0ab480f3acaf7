/**
 * Who appointed a person, directly or through people they appointed: whoever
 * created their account (they chose its password) and whoever ever granted
 * them a role they act with or the admin role, then the same for each of
 * those, with the admin role as what let them appoint. Four eyes refuses two people one of whom
 * appointed the other this way: an admin who creates a responder could sign in
 * as it, ask for a lift and approve it as themselves.
 */
import { Role, Tx } from '@killswitch/db';

/**
 * The ids of everyone who appointed this person, at any distance: whoever made
 * their account, and whoever ever granted them one of `roles` (the roles they
 * act with here) or the admin role (with which they could grant themselves any
 * other: a role someone granted themselves leads back to whoever made them an
 * admin); then the same for each of those, by their account and their admin
 * grants. Ever, not only now: a role removed after the request was made (or
 * after the requester granted themselves another) still tells who put them
 * there. Accounts and grants with no recorded grantor (the bootstrap admin,
 * accounts from single sign-on, rows from before grantors were recorded) end a
 * chain. A chain that loops (two admins who granted each other a role) is
 * walked once.
 */
export async function appointersOf(tx: Tx, userId: string, roles: readonly Role[]): Promise<Set<string>> {
  const found = new Set<string>();
  let frontier = [userId];
  let acting = [...new Set([...roles, Role.admin])];
  while (frontier.length > 0) {
    const rows = await tx.$queryRaw<{ appointer: string }[]>`
      SELECT u."createdById"::text AS appointer FROM users u
      WHERE u.id = ANY(${frontier}::uuid[]) AND u."createdById" IS NOT NULL
      UNION
      SELECT g."grantedById"::text FROM role_grants g
      WHERE g."userId" = ANY(${frontier}::uuid[]) AND g.role::text = ANY(${acting}::text[]) AND g."grantedById" IS NOT NULL`;
    frontier = rows.map((row) => row.appointer).filter((id) => id !== userId && !found.has(id));
    for (const id of frontier) found.add(id);
    // Past the person themselves, what matters is how each appointer could appoint: as an admin.
    acting = [Role.admin];
  }
  return found;
}
