import type { ErrorCode, SpecificErrorCode } from './error-codes';

export type { ErrorCode } from './error-codes';

/** Domain errors carry a general code; the code alone decides the HTTP status, in one exhaustive switch (statusOf). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
    /** The error body's `code` in place of the general one: which refusal this is, so a client can tell one 409 from another. */
    readonly publicCode?: SpecificErrorCode,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A 429 that says when to try again: the exception filter sends `retryAfterSec` as Retry-After. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSec: number,
    publicCode?: SpecificErrorCode,
  ) {
    super('rate_limited', message, undefined, publicCode);
    this.name = 'RateLimitedError';
  }
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'request_timeout':
      return 408;
    case 'headers_too_large':
      return 431;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'unavailable':
      return 503;
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}

/** The general code of a status raised outside our own errors (Nest's HttpExceptions, Fastify, the throttler). */
export function errorCodeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'invalid_input';
    case 408:
      return 'request_timeout';
    case 431:
      return 'headers_too_large';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
  }
  return status >= 500 ? 'internal' : 'invalid_input';
}
