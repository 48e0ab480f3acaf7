/**
 * Exit codes scripts can rely on, and the one error type every command throws.
 * main.ts prints the message (and the API's request id) on stderr and exits with the code.
 */
export const ExitCode = {
  ok: 0,
  /** the command ran and the answer is "no": verification failed, a timeout, a 5xx */
  failure: 1,
  /** the command line (or the input the API refused with 400) is wrong */
  usage: 2,
  /** missing, expired or refused credentials (401), or not allowed (403) */
  auth: 3,
  notFound: 4,
  /** a state conflict (409): approving twice, lifting a lifted kill */
  conflict: 5,
  /** the API could not be reached at all */
  network: 6,
  /** Ctrl-C while waiting */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** An error answer of the API: `{ statusCode, error, message, requestId }`. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly statusText: string,
    message: string,
    readonly requestId: string | undefined,
    hint?: string,
    /** The API's error `code` (DESIGN.md: errors), e.g. already_exists. */
    readonly code?: string,
    /** What to fix, field by field, when the API said. */
    readonly details?: string[],
    /** A 429's Retry-After, in seconds. */
    readonly retryAfterSec?: number,
  ) {
    super(exitCodeForStatus(status), message, hint);
    this.name = 'ApiError';
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return ExitCode.usage;
    case 401:
    case 403:
      return ExitCode.auth;
    case 404:
      return ExitCode.notFound;
    case 409:
      return ExitCode.conflict;
    default:
      return ExitCode.failure;
  }
}
