import type { ErrorBody } from './error-body';

/**
 * The OpenFeature Remote Evaluation Protocol's routes answer every error in
 * that protocol's shape (open-feature/protocol service/openapi.yaml), not in
 * ErrorBody: `{ key?, errorCode, errorDetails }`, `key` on the single-flag
 * route. OpenFeature's providers read `errorCode`; the request id is in the
 * `x-request-id` header, as on every answer.
 */
export const OFREP_PATH_PREFIX = '/ofrep/';

/** OFREP's evaluation error codes (evaluationFailure, flagNotFound). */
export type OfrepErrorCode = 'PARSE_ERROR' | 'TARGETING_KEY_MISSING' | 'INVALID_CONTEXT' | 'GENERAL' | 'FLAG_NOT_FOUND';

export interface OfrepErrorBody {
  key?: string;
  errorCode: OfrepErrorCode;
  errorDetails: string;
}

/** Whether a route pattern or request path is under /ofrep/. */
export function isOfrepPath(path: string | undefined): boolean {
  return path !== undefined && path.startsWith(OFREP_PATH_PREFIX);
}

/**
 * An error raised outside the OFREP controller (the JSON parser, the body
 * limit, the validation pipe, the guard, the rate limiter, a failure) in
 * OFREP's shape: a 400 for a body that could not be read is a PARSE_ERROR
 * (one of OFREP's 400 codes), anything else GENERAL with the status it had.
 * The message becomes `errorDetails`.
 */
export function toOfrepErrorBody(
  body: Pick<ErrorBody, 'statusCode' | 'message'>,
  { key, unreadableBody }: { key?: string; unreadableBody: boolean },
): OfrepErrorBody {
  const errorCode = body.statusCode === 400 && unreadableBody ? 'PARSE_ERROR' : 'GENERAL';
  return { ...(key === undefined ? {} : { key }), errorCode, errorDetails: body.message };
}

const SINGLE_FLAG_PATH = /^\/ofrep\/v1\/evaluate\/flags\/([^/?#]+)/;

/** The flag key of a single-flag evaluation's raw request path, for a refusal made before routing (client-error.ts). */
export function ofrepKeyOfPath(url: string | undefined): string | undefined {
  const raw = url === undefined ? undefined : SINGLE_FLAG_PATH.exec(url)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
