/**
 * How this process's PostgreSQL clients connect. Every pool and client carries
 * an application_name, `<process>:<pool>` (e.g. `killswitch-api:listen`), so
 * pg_stat_activity shows which process holds how many connections. The process
 * part is DATABASE_URL's own `application_name` parameter (npm start sets one
 * per app), else `killswitch`.
 */
export const CONNECT_TIMEOUT_MS = 5_000;
/** An idle pooled connection is closed after this: a burst does not hold connections for good. */
export const IDLE_TIMEOUT_MS = 30_000;

export interface PgConnectionOptions {
  connectionString: string;
  application_name: string;
  connectionTimeoutMillis: number;
  keepAlive: boolean;
}

/** This process's name: DATABASE_URL's `application_name`, else `killswitch`. Redis connections are named after it too. */
export function processName(databaseUrl: string): string {
  return new URL(databaseUrl).searchParams.get('application_name') || 'killswitch';
}

export function pgConnectionOptions(databaseUrl: string, pool: string): PgConnectionOptions {
  const url = new URL(databaseUrl);
  // pg lets the connection string override explicit options: take the name out of it.
  url.searchParams.delete('application_name');
  return {
    connectionString: url.toString(),
    // PostgreSQL keeps 63 bytes of it.
    application_name: `${processName(databaseUrl)}:${pool}`.slice(0, 63),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  };
}
