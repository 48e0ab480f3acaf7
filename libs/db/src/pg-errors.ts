/**
 * Errors of node-postgres, for the few statements sent through the pool directly (PrismaService.sql): which
 * of them mean "the database is unreachable or busy, nothing was done, try again", the failures Prisma reports
 * as P1001, P1017 or P2024 (its driver adapter sorts the same socket errors).
 */
const SOCKET_ERRORS = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
/** SQLSTATE: 08 connection exceptions; 57P01-57P03 shut down or starting; 53300 too many connections. */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** pg and pg-pool's own, without a code (a connection closed under the query, no pooled connection in time), and a database closed to connections (55000, a code it shares). */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)|is not currently accepting connections$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  // Not `instanceof Error`: a socket error is made by Node's own net module, an Error of another realm where code
  // runs in a VM context (Jest's), and was then taken for a 500.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (SOCKET_ERRORS.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}
