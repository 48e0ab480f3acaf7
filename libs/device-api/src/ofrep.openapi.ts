import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse } from '@nestjs/swagger';

/**
 * The OpenAPI description of the OFREP routes, in OFREP's own shapes
 * (open-feature/protocol service/openapi.yaml), errors included: the
 * controller answers through the raw reply, so nothing is inferred from its
 * types.
 */
const DEVICE_ID = '7d0e2b4c-9f1a-4c3e-8b5d-6a7f8e9d0c1b';

const CONTEXT_BODY = {
  type: 'object',
  required: ['context'],
  properties: {
    context: {
      type: 'object',
      required: ['targetingKey'],
      properties: { targetingKey: { type: 'string', description: 'the id of the device whose credential is used' } },
      additionalProperties: true,
    },
  },
  example: { context: { targetingKey: DEVICE_ID } },
};

const EVALUATION = {
  type: 'object',
  required: ['key', 'value', 'reason', 'variant', 'metadata'],
  properties: {
    key: { type: 'string', description: 'the integration key' },
    value: { type: 'boolean', description: 'whether the integration may run' },
    reason: { type: 'string', enum: ['DISABLED', 'DEFAULT'] },
    variant: { type: 'string', enum: ['enabled', 'disabled'] },
    metadata: {
      type: 'object',
      description: 'rev and failMode; for a killed integration also killSwitchIds, incidentId and killReason (the kill’s device message)',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    },
  },
};

const KILLED = {
  key: 'xiaomi.camera-stream',
  value: false,
  reason: 'DISABLED',
  variant: 'disabled',
  metadata: { rev: 42, failMode: 'closed', killSwitchIds: '3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c', killReason: 'temporarily unavailable' },
};

type Status = 400 | 401 | 403 | 404 | 412 | 413 | 415 | 429 | 500 | 503;
type Example = { errorCode: string; errorDetails: string };

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before the next attempt', schema: { type: 'integer' } } };

/**
 * Every refusal of an OFREP route, in OFREP's shape (evaluationFailure,
 * bulkEvaluationFailure, flagNotFound): `key` on the single-flag route.
 * Nothing here is an ErrorBody: the document builder leaves /ofrep/ alone.
 */
function failure(status: Status, key: string | undefined, description: string, examples: Record<string, Example>) {
  const codes = [...new Set(Object.values(examples).map((example) => example.errorCode))];
  return ApiResponse({
    status,
    description,
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
    schema: {
      type: 'object',
      required: key === undefined ? ['errorCode', 'errorDetails'] : ['key', 'errorCode', 'errorDetails'],
      properties: {
        ...(key === undefined ? {} : { key: { type: 'string', description: 'the flag key of the path' } }),
        errorCode: { type: 'string', enum: codes },
        errorDetails: { type: 'string', description: 'for people: what went wrong and what to fix' },
      },
    },
    examples: Object.fromEntries(
      Object.entries(examples).map(([name, example]) => [name, { summary: name, value: key === undefined ? example : { key, ...example } }]),
    ),
  });
}

const OTHER_DEVICE = 'targetingKey must be the id of the device whose credential is used';

/** The refusals both routes give; the single-flag route's carry its key. */
function refusals(key: string | undefined) {
  return [
    failure(
      400,
      key,
      'the body is not JSON (PARSE_ERROR: unreadable, nested too deep, a lone surrogate), lacks the context or its targetingKey ' +
        '(INVALID_CONTEXT, TARGETING_KEY_MISSING), or holds a NUL character (GENERAL)' +
        (key ? '' : '; an unknown query parameter (GENERAL)'),
      {
        'no targetingKey': { errorCode: 'TARGETING_KEY_MISSING', errorDetails: 'context.targetingKey is required: the device id' },
        'no context': { errorCode: 'INVALID_CONTEXT', errorDetails: 'context is required: { "context": { "targetingKey": "<device id>" } }' },
        'not JSON': { errorCode: 'PARSE_ERROR', errorDetails: "Body is not valid JSON but content-type is set to 'application/json'" },
        'a NUL character': { errorCode: 'GENERAL', errorDetails: 'context.team must not contain NUL characters' },
        ...(key
          ? {}
          : {
              'unknown query parameter': { errorCode: 'GENERAL', errorDetails: 'unknown query parameter foo: only flagConfigEtag and flagConfigLastModified' },
            }),
      },
    ),
    failure(401, key, 'no credential, or one that is invalid, revoked or of a decommissioned device', {
      unauthenticated: { errorCode: 'GENERAL', errorDetails: 'send a credential: Authorization: Bearer <token>' },
    }),
    failure(403, key, 'targetingKey is another device, or the credential is not a device’s', {
      'another device': { errorCode: 'GENERAL', errorDetails: OTHER_DEVICE },
      'not a device': { errorCode: 'GENERAL', errorDetails: 'this route takes a device credential' },
    }),
    failure(412, key, '`If-None-Match: *`: an evaluation always exists, so the condition never holds for this POST (RFC 9110 §13.1.2)', {
      'If-None-Match: *': {
        errorCode: 'GENERAL',
        errorDetails: 'If-None-Match: * never holds here (an evaluation always exists): send the ETag of the last bulk answer, or no If-None-Match',
      },
    }),
    failure(413, key, 'the body is larger than the server accepts', { 'too large': { errorCode: 'GENERAL', errorDetails: 'request body is too large' } }),
    failure(415, key, 'the body is not JSON (text/plain or another type), or is content-encoded', {
      'not JSON': { errorCode: 'GENERAL', errorDetails: 'send JSON with Content-Type: application/json' },
    }),
    failure(429, key, 'too many refused attempts from this credential or address: wait as long as Retry-After says', {
      'rate limited': { errorCode: 'GENERAL', errorDetails: 'too many refused attempts from this credential or address: retry in 30 s' },
    }),
    failure(500, key, 'the server failed; the x-request-id header finds it in the logs', {
      internal: { errorCode: 'GENERAL', errorDetails: 'internal error' },
    }),
    failure(503, key, 'a dependency does not answer: nothing was changed, retry after Retry-After', {
      unavailable: { errorCode: 'GENERAL', errorDetails: 'the database is busy or unreachable: nothing was changed, try again shortly' },
    }),
  ];
}

export const OfrepBulkDocs = () =>
  applyDecorators(
    ApiBody({ schema: CONTEXT_BODY }),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'the ETag of the last bulk answer: 304 when it still matches (OFREP); `*` is a 412',
    }),
    ApiResponse({
      status: 200,
      description: 'every integration the device has linked; Cache-Control: private, no-cache',
      headers: { ETag: { description: 'changes with the answer', schema: { type: 'string' } } },
      content: {
        'application/json': {
          schema: { type: 'object', required: ['flags'], properties: { flags: { type: 'array', items: EVALUATION } } },
          example: { flags: [KILLED] },
        },
      },
    }),
    ApiResponse({ status: 304, description: 'the answer is unchanged since If-None-Match' }),
    ...refusals(undefined),
  );

export const OfrepSingleDocs = () =>
  applyDecorators(
    ApiBody({ schema: CONTEXT_BODY }),
    ApiResponse({
      status: 200,
      description: 'the flag: a killed integration is value false, reason DISABLED; Cache-Control: private, no-cache',
      content: {
        'application/json': {
          schema: { ...EVALUATION, properties: { ...EVALUATION.properties, cacheable: { type: 'boolean' } } },
          example: { ...KILLED, cacheable: false },
        },
      },
    }),
    ...refusals(KILLED.key),
    failure(404, KILLED.key, 'no integration has this key', { 'unknown flag': { errorCode: 'FLAG_NOT_FOUND', errorDetails: `no integration ${KILLED.key}` } }),
  );
