/**
 * The general codes: each decides an HTTP status in app-error.ts's exhaustive
 * statusOf, so a new code that is not mapped fails to compile.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'request_timeout'
  | 'headers_too_large'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | 'unavailable';

/**
 * Every `code` an error body can carry, with its one-line meaning: the
 * OpenAPI document lists them from here (the `ErrorBody` schema), and a
 * client branches on them instead of on the message.
 */

/** The general codes, one per status; a body carries one of these unless a specific code says more. */
export const GENERAL_ERROR_CODES: Readonly<Record<ErrorCode, string>> = {
  invalid_input: '400: the request is malformed or a field is invalid; the message and details say what to fix',
  request_timeout: '408: the request (its headers, or the whole of it) did not arrive in time: the connection is closed',
  headers_too_large: '431: the request line and headers are larger than the server accepts: send a shorter URL and smaller headers',
  unauthenticated: '401: no credential, or one that is invalid, expired or revoked',
  forbidden: '403: the credential is valid but may not do this (role, credential kind, four eyes)',
  not_found: '404: the resource or route does not exist',
  conflict: '409: the resource is not in a state that allows this',
  payload_too_large: '413: the request body is larger than the server accepts',
  unsupported_media_type: '415: the body is not JSON, or is content-encoded (compressed): send plain JSON',
  rate_limited: '429: too many attempts; wait as long as Retry-After says',
  internal: '500: the server failed; the request id finds it in the logs',
  unavailable: '503: a dependency (PostgreSQL, Redis) does not answer, or the server is shutting down',
};

/** Specific codes: which refusal this is, where a client acts differently on it than on its general code. */
export const SPECIFIC_ERROR_CODES = {
  already_exists: { kind: 'conflict', meaning: '409: something with the same unique key (email, slug, key, externalId) already exists' },
  unknown_integration: {
    kind: 'invalid_input',
    meaning: '400: the inventory names an integration, or a vendor model, that the catalogue does not have',
  },
  last_admin: { kind: 'conflict', meaning: '409: the change would leave no active admin' },
  self_approval: {
    kind: 'forbidden',
    meaning: '403: the requester of a lift cannot approve, reject or review it, nor the author of an auto-kill policy approve it (four eyes)',
  },
  api_token_cannot_decide: {
    kind: 'forbidden',
    meaning:
      '403: an API token cannot approve, reject or review a lift, approve an auto-kill policy, nor change a queue from the queue dashboard; a person must sign in',
  },
  approver_newer_than_request: { kind: 'forbidden', meaning: '403: an account created after the lift was requested (the policy was written) cannot decide it' },
  break_glass_admin_only: { kind: 'forbidden', meaning: '403: only an admin may break glass' },
  break_glass_person_only: { kind: 'forbidden', meaning: '403: an API token cannot break glass: an admin must sign in as themselves' },
  lift_already_decided: { kind: 'conflict', meaning: '409: the lift request was already approved, rejected, aborted or completed' },
  lift_not_under_way: { kind: 'conflict', meaning: '409: only an approved lift under way can advance, and only a pending or approved one be aborted' },
  lift_review_not_pending: { kind: 'conflict', meaning: '409: the lift is not a break-glass lift, or its review was already signed off' },
  kill_not_active: { kind: 'conflict', meaning: '409: only an active kill switch can be lifted (it is lift-requested, lifting or lifted)' },
  api_token_already_revoked: { kind: 'conflict', meaning: '409: the API token was already revoked' },
  device_decommissioned: { kind: 'conflict', meaning: '409: the device is decommissioned: it has no credential to rotate' },
  incident_transition_not_allowed: { kind: 'conflict', meaning: '409: the incident cannot move from its status to the one asked' },
  incident_closed: { kind: 'conflict', meaning: '409: the incident is closed, which is final' },
  audit_chain_broken: { kind: 'conflict', meaning: '409: the audit chain does not verify (or its head moved meanwhile); no checkpoint was signed' },
  audit_chain_truncated: { kind: 'conflict', meaning: '409: the audit chain ends below the latest signed checkpoint; nothing was signed' },
  local_login_off: {
    kind: 'forbidden',
    meaning: '403: password sign-in is switched off (LOCAL_LOGIN=off) for everyone but the break-glass admin; use single sign-on',
  },
  sso_refused: {
    kind: 'unauthenticated',
    meaning:
      '401: the single sign-on callback or device poll was refused (unknown or reused state, wrong nonce, a code used twice, a device code unknown here or expired, a token from another issuer or audience, no mapped role, account disabled)',
  },
  slow_down: {
    kind: 'rate_limited',
    meaning:
      "429: a single sign-on device code polled sooner than its interval (POST /v1/auth/oidc/device/token, as RFC 8628's slow_down): wait Retry-After seconds, and poll at least that far apart from then on",
  },
  password_change_required: { kind: 'forbidden', meaning: '403: change the one-time password first (POST /v1/auth/password)' },
  csrf_token_invalid: { kind: 'forbidden', meaning: '403: a write authenticated by the session cookie lacks the X-CSRF-Token its session was given' },
  same_email_as_requester: {
    kind: 'forbidden',
    meaning:
      "403: the approver's account has the same email as the requester's or the policy author's (a local account and a single sign-on account of one person): one person cannot be both (four eyes)",
  },
  approver_granted_by_requester: {
    kind: 'forbidden',
    meaning:
      '403: the approver was created, or given the role, by the requester of this lift or the author of this policy, directly or through people they appointed (four eyes)',
  },
  requester_appointed_by_approver: {
    kind: 'forbidden',
    meaning:
      '403: the requester of this lift or the author of this policy was created, or given the role, by the approver, directly or through people the approver appointed (four eyes)',
  },
  proposal_not_open: {
    kind: 'conflict',
    meaning: '409: the proposal was already confirmed, dismissed or auto-killed, or is invalid: only an open proposal can be decided',
  },
  auto_kill_policy_not_pending: { kind: 'conflict', meaning: '409: the auto-kill policy was already approved or is disabled' },
  auto_kill_policy_disabled: { kind: 'conflict', meaning: '409: the auto-kill policy is already disabled' },
  signals_busy: {
    kind: 'unavailable',
    meaning:
      '503: this API instance already holds SIGNALS_QUEUE_MAX signal requests of this token waiting to be written: nothing was written; try again after Retry-After (Alertmanager retries a 5xx by itself)',
  },
} as const satisfies Record<string, { kind: ErrorCode; meaning: string }>;

export type SpecificErrorCode = keyof typeof SPECIFIC_ERROR_CODES;

/** What an error body's `code` can be. */
export type PublicErrorCode = ErrorCode | SpecificErrorCode;

export function isSpecificErrorCode(code: string): code is SpecificErrorCode {
  return Object.hasOwn(SPECIFIC_ERROR_CODES, code);
}

/** Every code with its meaning, general codes first: what the OpenAPI document lists. */
export function publicErrorCodes(): { code: PublicErrorCode; meaning: string }[] {
  const general = Object.entries(GENERAL_ERROR_CODES).map(([code, meaning]) => ({ code: code as ErrorCode, meaning }));
  const specific = Object.entries(SPECIFIC_ERROR_CODES).map(([code, { meaning }]) => ({ code: code as SpecificErrorCode, meaning }));
  return [...general, ...specific];
}
