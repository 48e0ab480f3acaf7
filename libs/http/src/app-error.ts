/**
 * Domain errors carry a code; the code alone decides the HTTP status, in one
 * exhaustive switch, so a new code that is not mapped fails to compile.
 */
export type ErrorCode = 'invalid_input' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'payload_too_large' | 'rate_limited' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
    /** The error body's `code`: a stable machine-readable name of this refusal (`approver_granted_by_requester`, `audit_chain_truncated`). */
    readonly publicCode?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return 400;
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
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}
