import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ERROR_BODY_REF, errorExample } from '@killswitch/http';

/**
 * The OpenAPI description of the OFREP routes, in OFREP's own shapes
 * (open-feature/protocol service/openapi.yaml): the controller answers
 * through the raw reply, so nothing is inferred from its types.
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

/**
 * A refusal in OFREP's shape; the same status can also come as our ErrorBody
 * (a body that is not JSON, a credential that is not a device's), hence oneOf.
 */
function failure(status: 400 | 403 | 404, withKey: boolean, errorCodes: string[], example: Record<string, string>, description: string) {
  const ofrep = {
    type: 'object',
    required: ['errorCode', 'errorDetails'],
    properties: {
      ...(withKey ? { key: { type: 'string' } } : {}),
      errorCode: { type: 'string', enum: errorCodes },
      errorDetails: { type: 'string' },
    },
  };
  const ours = status === 400 ? errorExample('invalid_input', 'body is not valid JSON: Unexpected end of JSON input') : undefined;
  return ApiResponse({
    status,
    description,
    schema: status === 404 ? ofrep : { oneOf: [ofrep, { ...ERROR_BODY_REF }] },
    examples: { [example.errorCode]: { summary: `OFREP ${example.errorCode}`, value: example }, ...(ours ? { invalid_input: ours } : {}) },
  });
}

const BAD_CONTEXT = { errorCode: 'TARGETING_KEY_MISSING', errorDetails: 'context.targetingKey is required: the device id' };
const NO_CONTEXT = 'OFREP shape: the body or its context lacks the targetingKey (ErrorBody `invalid_input`: the body is not JSON)';
const ANOTHER_DEVICE = 'OFREP shape: targetingKey is another device (ErrorBody `forbidden`: not a device credential)';
const OTHER_DEVICE = { errorCode: 'GENERAL', errorDetails: 'targetingKey must be the id of the device whose credential is used' };

export const OfrepBulkDocs = () =>
  applyDecorators(
    ApiBody({ schema: CONTEXT_BODY }),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of the last bulk answer' }),
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
    failure(400, false, ['INVALID_CONTEXT', 'TARGETING_KEY_MISSING'], BAD_CONTEXT, NO_CONTEXT),
    failure(403, false, ['GENERAL'], OTHER_DEVICE, ANOTHER_DEVICE),
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
    failure(400, true, ['INVALID_CONTEXT', 'TARGETING_KEY_MISSING'], { key: 'xiaomi.camera-stream', ...BAD_CONTEXT }, NO_CONTEXT),
    failure(403, true, ['GENERAL'], { key: 'xiaomi.camera-stream', ...OTHER_DEVICE }, ANOTHER_DEVICE),
    failure(
      404,
      true,
      ['FLAG_NOT_FOUND'],
      { key: 'xiaomi.unknown', errorCode: 'FLAG_NOT_FOUND', errorDetails: 'no integration xiaomi.unknown' },
      'OFREP shape: no integration has this key',
    ),
  );
