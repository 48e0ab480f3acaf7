import type { PrismaService } from './prisma.service';

/** A table or column name as the code spells it (no quoting needed beyond the double quotes added here). */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Runs ANALYZE on `table` when PostgreSQL holds no statistics for its `column` yet, as for a table that was empty at
 * its last analyze; true when it ran. Without them the planner guesses that a value matches 0.5 % of the rows, and
 * for a few dozen values reading the whole table looks cheaper than an index: the acks' close statement then scans
 * every delivery for every batch, until autovacuum's own analyze a minute or more later, on the very day a first
 * big kill's acks arrive (`bench/acks.mjs`: 117–119 µs of PostgreSQL CPU an ack without statistics, 45–50 with).
 * Once there are statistics, the planner scales them with the table's size, and autovacuum keeps them current.
 * ANALYZE reads a sample (30,000 rows by default), takes no lock that writers wait for, and by a role that does not
 * own the table is skipped with a warning.
 */
export async function analyzeUnlessColumnHasStatistics(prisma: PrismaService, table: string, column: string): Promise<boolean> {
  if (!PLAIN_NAME.test(table) || !PLAIN_NAME.test(column)) throw new Error(`not a plain table and column name: ${table}.${column}`);
  const known = await prisma.$queryRaw<{ present: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = ${table} AND attname = ${column}) AS present`;
  if (known[0]?.present) return false;
  await prisma.$executeRawUnsafe(`ANALYZE "${table}"`);
  return true;
}
