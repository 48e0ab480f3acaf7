import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, QueryResultRow } from 'pg';
import { EnvConfig } from '@killswitch/config';
import { PrismaClient } from './generated/prisma/client';
import { IDLE_TIMEOUT_MS, pgConnectionOptions } from './pg-connection';
import { unwatchPool, watchPool } from './pool-metrics';
import type { SqlTx } from './sql-tx';

const poolLogger = new Logger('PrismaPool');
const TRANSACTION_MAX_WAIT_MS = 10_000;
const TRANSACTION_TIMEOUT_MS = 20_000;

/**
 * The one database client of a process. A database that cannot be reached at
 * start-up stops the process: an API that cannot read kill switches must not
 * pretend to be up.
 *
 * The pool is bounded (DATABASE_POOL_MAX), a connect gives up after
 * CONNECT_TIMEOUT_MS (a query waiting for a connection then fails instead of
 * queueing for good) and idle connections close, so an outage or a burst
 * never leaves this process holding more connections than it was given.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);
  private readonly pool: Pool;

  constructor(config: EnvConfig) {
    const options = { ...pgConnectionOptions(config.DATABASE_URL, 'prisma'), max: config.DATABASE_POOL_MAX, idleTimeoutMillis: IDLE_TIMEOUT_MS };
    // Our own pool (ended with the client), so its connections show in /metrics (killswitch_db_pool_connections).
    const pool = new Pool(options);
    super({
      adapter: new PrismaPg(pool, {
        // A pooled connection PostgreSQL ends (a restart, pg_terminate_backend) is dropped from the pool; say so instead of crashing.
        onPoolError: (error) => poolLogger.warn(`PostgreSQL pool: ${error.message}`),
        disposeExternalPool: true,
      }),
      // Prisma's defaults (2 s to start, 5 s to finish) turn a burst that queues on the pool or on the audit chain's
      // lock into failed writes; these bound the wait without letting a stuck transaction hold its locks for long.
      transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
    });
    this.pool = pool;
    watchPool(pool, options.application_name);
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    await this.$queryRaw`SELECT 1`;
    this.logger.log('connected to PostgreSQL');
  }

  /**
   * One statement through this client's own pool, without Prisma's query machinery: for the few statements
   * sent thousands of times a second (the device acks' batches), where that machinery costs more than the
   * statement. The rows come as node-postgres reads them: bigint as string, json parsed. Errors are
   * node-postgres's own; the API's error mapping answers an unreachable database with 503 as it does Prisma's
   * (libs/http database-errors).
   */
  async sql<R extends QueryResultRow>({ name, text }: Statement, values: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>({ name, text, values })).rows;
  }

  /**
   * A transaction of raw statements on a connection of this client's pool, without Prisma's interactive transaction,
   * whose machinery costs more CPU than the few statements of a kill. Commits when `work` resolves; rolls back on any
   * error (and drops a connection that cannot roll back), so nothing of it is written. Waiting for a connection is
   * bounded by the pool's CONNECT_TIMEOUT_MS; the transaction, as Prisma's timeout bounds its own, by `timeout`: each
   * statement by PostgreSQL's statement_timeout, and the whole by closing the connection once it is over, which ends
   * the transaction on the server, writes nothing, and fails the statement running or the next one. Errors are
   * node-postgres's own, which the API's error mapping reads (libs/http database-errors): both ends of a timeout are
   * answered 503, as Prisma's P2028 is.
   */
  async sqlTransaction<T>(work: (tx: SqlTx) => Promise<T>, { timeout = TRANSACTION_TIMEOUT_MS }: { timeout?: number } = {}): Promise<T> {
    const client = await this.pool.connect();
    const deadline = setTimeout(() => {
      this.logger.warn(`a transaction ran past ${timeout} ms: its connection is closed, so nothing of it is written`);
      client.end().catch(() => undefined);
    }, timeout);
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; SET LOCAL statement_timeout = ${timeout}`);
      const result = await work({ query: async (statement) => (await client.query({ text: statement.text, values: statement.values })).rows });
      // From here the outcome is the server's: closing the connection under COMMIT would leave it unknown.
      clearTimeout(deadline);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: Error) => rollbackError,
      );
      throw error;
    } finally {
      clearTimeout(deadline);
      client.release(broken);
    }
  }

  async onModuleDestroy(): Promise<void> {
    unwatchPool(this.pool);
    await this.$disconnect();
  }
}

/** A statement for PrismaService.sql; its name makes it a prepared statement on each connection, parsed once. */
export interface Statement {
  name: string;
  text: string;
}

/** The transaction client handed to callbacks of `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
