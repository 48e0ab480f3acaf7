import { Logger } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, QueryResultRow } from 'pg';
import { EnvConfig } from '@killswitch/config';
import { PrismaClient } from './generated/prisma/client';
import { IDLE_TIMEOUT_MS, pgConnectionOptions } from './pg-connection';
import type { Statement } from './prisma.service';
import { unwatchPool, watchPool } from './pool-metrics';

const poolLogger = new Logger('ReplicaPool');
/** A replica that does not answer soon is passed over for the primary: don't keep a read waiting the primary's 5 s. */
const REPLICA_CONNECT_TIMEOUT_MS = 2_000;

/**
 * The read-only client of DATABASE_REPLICA_URL: pooled like the primary's
 * (bounded by DATABASE_POOL_MAX, idle connections closed), its connections
 * named `<process>:replica`. Only ReadReplica uses it. Unlike the primary, a
 * replica that cannot be reached does not stop the process: reads go to the
 * primary until it answers.
 */
export class ReplicaPrismaService extends PrismaClient {
  private readonly pool: Pool;

  constructor(config: EnvConfig & { DATABASE_REPLICA_URL: string }) {
    // Named after the primary's process (DATABASE_URL's application_name), so both show as one process in pg_stat_activity.
    const named = new URL(config.DATABASE_REPLICA_URL);
    const processName = new URL(config.DATABASE_URL).searchParams.get('application_name');
    if (processName && !named.searchParams.has('application_name')) named.searchParams.set('application_name', processName);
    const options = {
      ...pgConnectionOptions(named.toString(), 'replica'),
      connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS,
      max: config.DATABASE_POOL_MAX,
      idleTimeoutMillis: IDLE_TIMEOUT_MS,
    };
    const pool = new Pool(options);
    super({
      adapter: new PrismaPg(pool, {
        onPoolError: (error) => poolLogger.warn(`PostgreSQL replica pool: ${error.message}`),
        disposeExternalPool: true,
      }),
    });
    this.pool = pool;
    watchPool(pool, options.application_name);
  }

  /**
   * The replica's replay position, then one statement, on one connection of the pool (as PrismaService.sql,
   * without Prisma's query machinery). The statement's snapshot is taken after the position was read, so it
   * holds at least everything replayed up to there.
   */
  async sqlAfterReplayPosition<R extends QueryResultRow>({ name, text }: Statement, values: unknown[]): Promise<{ replayed: string | null; rows: R[] }> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      const position = await client.query<{ lsn: string | null }>({ name: 'replica-replay-lsn', text: 'SELECT pg_last_wal_replay_lsn()::text AS lsn' });
      const { rows } = await client.query<R>({ name, text, values });
      return { replayed: position.rows[0]?.lsn ?? null, rows };
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      // A connection that failed under a statement is not given back to the pool.
      client.release(failed);
    }
  }

  async close(): Promise<void> {
    unwatchPool(this.pool);
    await this.$disconnect();
  }
}
