import { AppError, ErrorCode, errorCodeOfStatus, statusOf } from './app-error';
import { GENERAL_ERROR_CODES, SPECIFIC_ERROR_CODES, publicErrorCodes } from './error-codes';
import { toErrorBody } from './error-body';

describe(AppError.name, () => {
  const general = Object.keys(GENERAL_ERROR_CODES) as ErrorCode[];

  it('maps each general code to a status and that status back to the same code', () => {
    for (const code of general) expect(errorCodeOfStatus(statusOf(code))).toBe(code);
  });

  it('puts a specific code in the body with the status of its general kind', () => {
    for (const [code, { kind }] of Object.entries(SPECIFIC_ERROR_CODES)) {
      const body = toErrorBody(new AppError(kind, 'refused', undefined, code as keyof typeof SPECIFIC_ERROR_CODES), 'req-1');
      expect({ statusCode: body.statusCode, code: body.code }).toEqual({ statusCode: statusOf(kind), code });
    }
  });

  it('gives errors that are not ours the general code of their status, and a 500 the code internal', () => {
    expect(toErrorBody(new Error('boom'), 'req-1')).toMatchObject({ statusCode: 500, code: 'internal', message: 'internal error' });
    expect(toErrorBody({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }, 'req-1')).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    expect(toErrorBody({ name: 'PrismaClientKnownRequestError', code: 'P2002' }, 'req-1')).toMatchObject({ statusCode: 409, code: 'already_exists' });
  });

  it('lists general codes first, then specific ones, each once', () => {
    const codes = publicErrorCodes().map(({ code }) => code);
    expect(codes.slice(0, general.length)).toEqual(general);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
