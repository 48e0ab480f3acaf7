/**
 * Errors of node-postgres, for the few statements sent through the pool directly (PrismaService.sql), read by
 * the API's one error mapping (toErrorBody): which of them mean "the database is unreachable or busy, nothing
 * was done, try again", the failures Prisma reports as P1001, P1017 or P2024 (its driver adapter sorts the same
 * socket errors).
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
