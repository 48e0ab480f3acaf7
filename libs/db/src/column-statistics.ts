import { Prisma } from './generated/prisma/client';
import type { PrismaService } from './prisma.service';

/** A table or column name as the code spells it (no quoting needed beyond the double quotes added here). */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** ANALYZE waits behind a VACUUM, another ANALYZE or CREATE INDEX CONCURRENTLY of the table: not longer than this. */
const ANALYZE_LOCK_TIMEOUT_MS = 2_000;
/** Its sample is 30,000 rows by default, whatever the table's size: seconds at most, unless the host is in trouble. */
const ANALYZE_TIMEOUT_MS = 60_000;

/**
 * Runs ANALYZE on `table` when PostgreSQL holds no statistics for its `column` yet, as for a table that was empty at
 * its last analyze. Without them the planner guesses that a value matches 0.5 % of the rows, and for a few dozen
 * values reading the whole table looks cheaper than an index: the acks' close statement then scans every delivery
 * for every batch, until autovacuum's own analyze a minute or more later, on the very day a first big kill's acks
 * arrive (`bench/acks.mjs`: 117–119 µs of PostgreSQL CPU an ack without statistics, 45–50 with). Once there are
 * statistics, the planner scales them with the table's size, and autovacuum keeps them current.
 *
 * The table is the one its name resolves to on the connection's search path, as ANALYZE finds it. ANALYZE takes no
 * lock that writers wait for; it waits at most ANALYZE_LOCK_TIMEOUT_MS behind maintenance of the table (then
 * throws). A role that does not own the table has it skipped with a warning. True when the column has statistics
 * now because of this call; false when it had them already, or still has none (an empty table, a role that may not
 * analyze it).
 */
export async function analyzeUnlessColumnHasStatistics(prisma: PrismaService, table: string, column: string): Promise<boolean> {
  if (!PLAIN_NAME.test(table) || !PLAIN_NAME.test(column)) throw new Error(`not a plain table and column name: ${table}.${column}`);
  if (await hasStatistics(prisma, table, column)) return false;
  await prisma.sqlTransaction(
    async (tx) => {
      await tx.query(Prisma.raw(`SET LOCAL lock_timeout = ${ANALYZE_LOCK_TIMEOUT_MS}`));
      await tx.query(Prisma.raw(`ANALYZE "${table}"`));
    },
    { timeout: ANALYZE_TIMEOUT_MS },
  );
  return hasStatistics(prisma, table, column);
}

async function hasStatistics(prisma: PrismaService, table: string, column: string): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ present: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM pg_stats s
        JOIN pg_namespace n ON n.nspname = s.schemaname
        JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename
      WHERE c.oid = to_regclass(quote_ident(${table})) AND s.attname = ${column}
    ) AS present`;
  return row?.present === true;
}
