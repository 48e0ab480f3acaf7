import { LOCK_AUDIT_CHAIN } from '@killswitch/audit';
import { Prisma, SqlTx, Tx } from '@killswitch/db';

/**
 * The locks of a rule change, in one round trip and in the order every change takes them: the revision's row (raised,
 * when the change is enforced) and then the audit chain's. Returns the new revision, or null when not raised. The
 * row lock serialises rule changes, so revisions commit in order.
 */
export async function lockRuleChange(tx: SqlTx, raise: boolean): Promise<bigint | null> {
  if (!raise) {
    await tx.query(Prisma.sql`SELECT ${LOCK_AUDIT_CHAIN}::text`);
    return null;
  }
  const rows = await tx.query<{ rev: string }>(Prisma.sql`
    WITH raised AS (UPDATE "revision" SET rev = rev + 1, "updatedAt" = now() WHERE id = 1 RETURNING rev)
    SELECT rev::text AS rev, ${LOCK_AUDIT_CHAIN}::text AS locked FROM raised`);
  return BigInt(rows[0].rev);
}

/**
 * Takes the revision's row first, in a transaction that may raise it (an auto-kill) after writing audit entries of
 * its own (a signal's): every rule change takes the row before the audit chain's lock (lockRuleChange), so one that
 * took the chain first would wait on a responder's kill in a circle. Held to the end of the transaction.
 */
export async function lockRevisionFirst(tx: Pick<Tx, '$queryRaw'>): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "revision" WHERE id = 1 FOR UPDATE`;
}

export async function currentRevision(tx: Pick<Tx, '$queryRaw'>): Promise<bigint> {
  const rows = await tx.$queryRaw<{ rev: bigint }[]>`SELECT rev FROM "revision" WHERE id = 1`;
  return rows[0]?.rev ?? 0n;
}
