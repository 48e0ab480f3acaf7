import { Prisma } from './generated/prisma/client';

/**
 * A transaction that takes raw statements: what a rule change sends (its lock, its writes). One of
 * PrismaService.sqlTransaction (a pooled connection driven directly: a kill made on its own), or a Prisma
 * transaction client through sqlTx (a caller that writes its own rows with Prisma in the same transaction: a
 * confirmed proposal, an auto-kill, a lift step), so the statements are written once for both.
 *
 * The two read rows differently (Prisma: int8 as bigint; node-postgres: as text), so statements sent here return
 * only what both read alike: text (cast int8 to text), int4, boolean, jsonb.
 */
export interface SqlTx {
  query<R>(statement: Prisma.Sql): Promise<R[]>;
}

/** What sqlTx needs of a Prisma client or transaction client (Tx). */
interface RawQueries {
  $queryRaw<T>(query: Prisma.Sql): Promise<T>;
}

/** A Prisma client or transaction client as a SqlTx: the statements run where the caller's other writes do. */
export function sqlTx(db: RawQueries): SqlTx {
  return { query: <R>(statement: Prisma.Sql) => db.$queryRaw<R[]>(statement) };
}
