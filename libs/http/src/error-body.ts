import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, errorCodeOfStatus, statusOf } from './app-error';
import { isDatabaseUnavailable, isDriverAdapterUnavailable } from './database-errors';
import type { PublicErrorCode } from './error-codes';

/** The one error shape of the API: `{ statusCode, error, message, requestId, code }`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  requestId: string;
  /** A stable machine-readable name of the error: the specific one where there is one, else the general one of its status. */
  code: PublicErrorCode;
  details?: string[];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function errorText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

interface KnownError {
  status: number;
  message: string;
  code?: PublicErrorCode;
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Errors Fastify raises before a route runs (body parsing, size, content type). */
function fromFastify(error: FastifyLikeError): KnownError | undefined {
  return fromFastifyCode(error) ?? fromFastifyStatus(error);
}

/** Fastify's own errors this API words itself, by their FST_ code. */
function fromFastifyCode(error: FastifyLikeError): KnownError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, message: 'send JSON with Content-Type: application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, message: 'the JSON body is empty: send a JSON object' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, message: error.message ?? 'invalid request body' };
  }
  return undefined;
}

/** Any other 4xx raised before a route: a JSON syntax error, or an error that carries its status. */
function fromFastifyStatus(error: FastifyLikeError): KnownError | undefined {
  if (error instanceof SyntaxError && (error as FastifyLikeError).statusCode === 400) {
    return { status: 400, message: `body is not valid JSON: ${error.message}` };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, message: error.message ?? errorText(error.statusCode) };
  }
  return undefined;
}

interface PrismaLikeError {
  name?: string;
  code?: string;
}

/** P1001 unreachable, P1017 connection closed, P2024 no pooled connection in time, P2028 a transaction could not start or ran out of time. */
const DATABASE_BUSY = new Set(['P1001', 'P1017', 'P2024', 'P2028']);

const DATABASE_UNAVAILABLE: KnownError = { status: 503, message: 'the database is busy or unreachable: nothing was changed, try again shortly' };

function fromPrisma(error: PrismaLikeError): KnownError | undefined {
  if (error.name !== 'PrismaClientKnownRequestError') return undefined;
  if (error.code === 'P2002') return { status: 409, message: 'a resource with the same unique key already exists', code: 'already_exists' };
  if (error.code === 'P2025') return { status: 404, message: 'the resource does not exist' };
  // The database could not be reached or gave no connection or transaction in time: nothing was written, try again.
  if (error.code && DATABASE_BUSY.has(error.code)) return DATABASE_UNAVAILABLE;
  // The same, as Prisma passes on PostgreSQL's own errors (shutting down, closed to connections) and a raw query's.
  if (isDriverAdapterUnavailable(error)) return DATABASE_UNAVAILABLE;
  return undefined;
}

/** SQLSTATE of a unique violation, node-postgres's P2002. */
const UNIQUE_VIOLATION = '23505';

/** The same failures from node-postgres itself, for the statements sent through the pool directly (PrismaService.sql, sqlTransaction). */
function fromDriver(error: unknown): KnownError | undefined {
  if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (code === UNIQUE_VIOLATION && typeof severity === 'string')
    return { status: 409, message: 'a resource with the same unique key already exists', code: 'already_exists' };
  return undefined;
}

/** Maps anything thrown to a status and a body that never leaks internals. */
export function toErrorBody(error: unknown, requestId: string): ErrorBody {
  if (error instanceof AppError) {
    const statusCode = statusOf(error.code);
    return {
      statusCode,
      error: errorText(statusCode),
      message: error.message,
      requestId,
      code: error.publicCode ?? error.code,
      ...(error.details ? { details: error.details } : {}),
    };
  }
  // Nest wraps Fastify's own errors (body size, media type, JSON) in an HttpException: the message that says what to fix is ours.
  const fastifyCause = error instanceof HttpException && typeof error.cause === 'object' && error.cause !== null ? fromFastifyCode(error.cause) : undefined;
  if (fastifyCause) return knownBody(fastifyCause, requestId);
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const response = error.getResponse();
    let message = error.message;
    let details: string[] | undefined;
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const raw = (response as { message: unknown }).message;
      if (Array.isArray(raw)) {
        details = raw.map(String);
        message = details.join('; ');
      } else if (typeof raw === 'string') {
        message = raw;
      }
    }
    if (statusCode >= 500) message = 'internal error';
    return { statusCode, error: errorText(statusCode), message, requestId, code: errorCodeOfStatus(statusCode), ...(details ? { details } : {}) };
  }
  if (typeof error === 'object' && error !== null) {
    const known = fromFastify(error as FastifyLikeError) ?? fromPrisma(error as PrismaLikeError) ?? fromDriver(error);
    if (known) return knownBody(known, requestId);
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: errorText(500), message: 'internal error', requestId, code: 'internal' };
}

function knownBody(known: KnownError, requestId: string): ErrorBody {
  return { statusCode: known.status, error: errorText(known.status), message: known.message, requestId, code: known.code ?? errorCodeOfStatus(known.status) };
}
