/**
 * Errors of node-postgres, for the few statements sent through the pool directly (PrismaService.sql), read by
 * the API's one error mapping (toErrorBody): which of them mean "the database is unreachable or busy, nothing
 * was done, try again", the failures Prisma reports as P1001, P1017 or P2024 (its driver adapter sorts the same
 * socket errors), and the same errors as Prisma's driver adapter hands them on (isDriverAdapterUnavailable).
 */
const SOCKET_ERRORS = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
/**
 * SQLSTATE: 08 connection exceptions; 57P01-57P03 shut down or starting; 53300 too many connections; 57014 a
 * statement cancelled, by statement_timeout (a transaction's bound, Prisma's P2028) or by an operator.
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|57014|53300)$/;
/**
 * pg and pg-pool's own, without a code (a connection closed under the query or before it, no pooled connection in
 * time), and a database closed to connections (55000, a code it shares).
 */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|Client was closed and is not queryable|timeout exceeded when trying to connect|Client has encountered a connection error)|is not currently accepting connections$/;

/** Read by shape, not `instanceof Error`: a socket's error is made by Node's core, which may be another realm than the caller's. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (SOCKET_ERRORS.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

/**
 * The driver adapter's kinds of a database gone away. Prisma gives them codes of their own (P1001, P1008, P1017,
 * P2037) only outside raw queries: a `$queryRaw` or `$executeRaw` that meets them is P2010.
 */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'TooManyConnections']);
/**
 * Not from Prisma's queries: a statement cancelled by its timeout (57014) or a socket timeout is a query too slow for
 * its bound, which "try again" would only repeat; it stays the 500 a defect is (logged, counted), not a quiet retry loop.
 */
const SLOW_NOT_UNAVAILABLE = new Set(['57014']);

/**
 * A Prisma error whose driver adapter error (`meta.driverAdapterError.cause`) means the database is unreachable or
 * busy. Prisma 7 has no code for most PostgreSQL errors and reports them as P2039 (P2010 in a raw query), with the
 * SQLSTATE and message under the cause: a server shutting down (57P01, 57P03), a database closed to connections (55000).
 */
export function isDriverAdapterUnavailable(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: unknown } } } | null)?.meta?.driverAdapterError?.cause;
  if (typeof cause !== 'object' || cause === null) return false;
  const { kind, originalCode, originalMessage } = cause as { kind?: unknown; originalCode?: unknown; originalMessage?: unknown };
  if (typeof originalCode === 'string' && SLOW_NOT_UNAVAILABLE.has(originalCode)) return false;
  return (typeof kind === 'string' && UNAVAILABLE_KINDS.has(kind)) || isDatabaseUnavailable({ code: originalCode, message: originalMessage });
}
