/**
 * Who appointed a person, directly or through people they appointed: whoever
 * created their account (they chose its password) and whoever ever granted
 * them a role they act with or the admin role, then the same for each of
 * those, with the admin role as what let them appoint. Four eyes refuses two people one of whom
 * appointed the other this way: an admin who creates a responder could sign in
 * as it, ask for a lift and approve it as themselves.
 */
import { Prisma, Role, Tx } from '@killswitch/db';

/** How one person appointed the next: made their account, or granted them this role. */
export type AppointedBy = 'account' | Role;

/** How an appointer is linked to the person, by the shortest chain. */
export interface Appointment {
  /** 1: they appointed the person themselves; 2: they appointed someone who did; and so on. */
  distance: number;
  /** How they appointed the person one step nearer along the chain (the person themselves at distance 1), every way found at that distance. */
  ways: AppointedBy[];
}

/** Everyone who appointed a person, each with how (see Appointment). */
export type Appointers = ReadonlyMap<string, Appointment>;

/** What the walk reads with: a transaction, or the client itself outside one. */
export type AppointerReader = Pick<Tx, '$queryRaw'>;

/**
 * Everyone who appointed this person, at any distance: whoever made their
 * account, and whoever ever granted them one of `roles` (the roles they act
 * with here) or the admin role (with which they could grant themselves any
 * other: a role someone granted themselves leads back to whoever made them an
 * admin); then the same for each of those, by their account and their admin
 * grants. Ever, not only now: a role removed after the request was made (or
 * after the requester granted themselves another) still tells who put them
 * there. Accounts and grants with no recorded grantor (the bootstrap admin,
 * accounts from single sign-on, rows from before grantors were recorded) end a
 * chain. A chain that loops (two admins who granted each other a role) is
 * walked once. One query a step of distance.
 *
 * A person may hold several accounts of one email (personOf): at every step
 * each account stands for all of its person's, so a chain is not broken by an
 * appointer who acted through their other account.
 */
export async function appointersOf(db: AppointerReader, person: readonly string[], roles: readonly Role[]): Promise<Appointers> {
  const found = new Map<string, Appointment>();
  const own = new Set(person);
  let frontier = [...person];
  let acting = [...new Set([...roles, Role.admin])];
  for (let distance = 1; frontier.length > 0; distance++) {
    const rows = await db.$queryRaw<{ appointer: string; way: AppointedBy }[]>`
      WITH people AS (${accountsOfPeopleSql(frontier)})
      SELECT u."createdById"::text AS appointer, 'account' AS way FROM users u
      WHERE u.id IN (SELECT id FROM people) AND u."createdById" IS NOT NULL
      UNION
      SELECT g."grantedById"::text, g.role::text FROM role_grants g
      WHERE g."userId" IN (SELECT id FROM people) AND g.role::text = ANY(${acting}::text[]) AND g."grantedById" IS NOT NULL`;
    const next: string[] = [];
    for (const { appointer, way } of rows) {
      if (own.has(appointer)) continue;
      const known = found.get(appointer);
      if (!known) {
        found.set(appointer, { distance, ways: [way] });
        next.push(appointer);
      } else if (known.distance === distance && !known.ways.includes(way)) {
        known.ways.push(way);
      }
    }
    frontier = next;
    // Past the person themselves, what matters is how each appointer could appoint: as an admin.
    acting = [Role.admin];
  }
  return found;
}

/**
 * The accounts of the people who hold these accounts: each account, and every other account of its email. Emails are
 * stored as people write them, trimmed and lowercased (a local account's, and a single sign-on account's when the
 * provider vouches for it); an SSO account whose email is not vouched for is labelled `oidc:<issuer>#<subject>`, which
 * is no email and matches no other account. So a person is a local account and the SSO accounts of the same address.
 */
function accountsOfPeopleSql(accounts: readonly string[]): Prisma.Sql {
  return Prisma.sql`SELECT o.id FROM users o JOIN users f ON o.email = f.email WHERE f.id = ANY(${accounts}::uuid[])
    UNION SELECT unnest(${accounts}::uuid[])`;
}

/** Every account of the person who holds this one (accountsOfPeopleSql), this one first. */
export async function personOf(db: AppointerReader, userId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id::text AS id FROM users o JOIN users f ON o.email = f.email WHERE f.id = ${userId}::uuid AND o.id <> f.id`;
  return [userId, ...rows.map((row) => row.id)];
}
