import { toErrorBody } from './error-body';

describe(toErrorBody.name, () => {
  const prismaError = (code: string) => Object.assign(new Error(`prisma ${code}`), { name: 'PrismaClientKnownRequestError', code });

  it.each(['P1001', 'P1017', 'P2024', 'P2028'])('answers a database that is busy or unreachable (%s) with 503 and a retry hint, never 500', (code) => {
    expect(toErrorBody(prismaError(code), 'req-1')).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the database is busy or unreachable: nothing was changed, try again shortly',
      requestId: 'req-1',
      code: 'unavailable',
    });
  });

  /** Prisma 7's error for a driver adapter error it has no code of its own for (as logged by the API, trimmed). */
  const adapterError = (code: string, cause: Record<string, unknown>) =>
    Object.assign(prismaError(code), { meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });
  const postgres = (sqlState: string, message: string) => ({
    originalCode: sqlState,
    originalMessage: message,
    kind: 'postgres',
    code: sqlState,
    severity: 'FATAL',
    message,
  });

  it.each([
    ['P2039', 'its server ending the connection (57P01)', postgres('57P01', 'terminating connection due to administrator command')],
    ['P2039', 'the database closed to connections (55000)', postgres('55000', 'database "killswitch" is not currently accepting connections')],
    ['P2010', 'its server shutting down (57P03)', postgres('57P03', 'the database system is shutting down')],
    ['P2010', 'a closed connection', { kind: 'ConnectionClosed' }],
    ['P2010', 'an unreachable server', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }],
  ])('answers %s for %s, as Prisma passes on what PostgreSQL said, with 503, never 500', (code, _what, cause) => {
    expect(toErrorBody(adapterError(code, cause), 'req-3')).toMatchObject({ statusCode: 503, code: 'unavailable' });
  });

  it.each([
    ['its statement timeout (57014)', postgres('57014', 'canceling statement due to statement timeout')],
    ['a socket timeout', { kind: 'SocketTimeout' }],
  ])('keeps a query too slow for its bound, as Prisma passes it on, a 500: %s', (_what, cause) => {
    expect(toErrorBody(adapterError('P2010', cause), 'req-5')).toMatchObject({ statusCode: 500, code: 'internal' });
  });

  it('keeps a statement PostgreSQL refused for its own sake, as Prisma passes it on, a 500', () => {
    const syntax = { originalCode: '42601', originalMessage: 'syntax error at or near "SELEC"', kind: 'postgres', code: '42601', severity: 'ERROR' };
    expect(toErrorBody(adapterError('P2010', syntax), 'req-4')).toMatchObject({ statusCode: 500, code: 'internal', message: 'internal error' });
  });

  it('keeps any other unexpected error a 500 without internals', () => {
    expect(toErrorBody(prismaError('P2010'), 'req-2')).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
      requestId: 'req-2',
      code: 'internal',
    });
  });
});
