import { Tx } from '@killswitch/db';

/**
 * Raises the one global revision inside the caller's transaction. The row lock
 * also serialises kill switch changes, so revisions commit in order.
 */
export async function bumpRevision(tx: Tx): Promise<bigint> {
  const rows = await tx.$queryRaw<{ rev: bigint }[]>`UPDATE "revision" SET rev = rev + 1, "updatedAt" = now() WHERE id = 1 RETURNING rev`;
  return rows[0].rev;
}

export async function currentRevision(tx: Pick<Tx, '$queryRaw'>): Promise<bigint> {
  const rows = await tx.$queryRaw<{ rev: bigint }[]>`SELECT rev FROM "revision" WHERE id = 1`;
  return rows[0]?.rev ?? 0n;
}
