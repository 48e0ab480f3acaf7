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
