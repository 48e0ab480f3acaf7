import type { OpenAPIObject } from '@nestjs/swagger';
import { publicErrorCodes } from './error-codes';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Operation['responses'];

const ERROR_BODY_REF = { $ref: '#/components/schemas/ErrorBody' };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The `ErrorBody` schema: the one error shape, its `code` an enum of every code with its meaning. */
export function errorBodySchema(): NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string] {
  const codes = publicErrorCodes();
  return {
    type: 'object',
    description: 'Every error the API answers (but the OFREP evaluation failures, which keep that protocol’s shape).',
    required: ['statusCode', 'error', 'message', 'requestId', 'code'],
    properties: {
      statusCode: { type: 'integer', example: 409 },
      error: { type: 'string', description: 'the status text', example: 'Conflict' },
      message: { type: 'string', description: 'for people: what went wrong and what to fix' },
      requestId: { type: 'string', description: 'the correlation id, also in the x-request-id header and the logs' },
      code: {
        type: 'string',
        enum: codes.map(({ code }) => code),
        description: [
          'For programs: a stable name of the error; a specific one where the API gives one, else the general one of its status.',
          '',
          ...codes.map(({ code, meaning }) => `- \`${code}\`: ${meaning}`),
        ].join('\n'),
      },
      details: { type: 'array', items: { type: 'string' }, description: 'one line per invalid field, on a 400' },
    },
  };
}

function withErrorBody(responses: Responses, status: string, description: string): void {
  const declared = responses[status];
  if (declared === undefined) {
    responses[status] = { description, content: { 'application/json': { schema: ERROR_BODY_REF } } };
  } else if (!('$ref' in declared) && declared.content === undefined) {
    declared.content = { 'application/json': { schema: ERROR_BODY_REF } };
  }
}

/**
 * Adds the ErrorBody schema and makes every operation's error responses
 * refer to it: the ones a route declares (409 …) get the schema, the rest are
 * covered by 4XX and 5XX. OFREP routes answer their own failures in OFREP's
 * shape: only the credential refusals (401, 403) are ours there.
 */
export function documentErrorBodies(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: errorBodySchema() } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const ofrep = path.startsWith('/ofrep/');
      for (const status of Object.keys(operation.responses)) {
        if (/^[45]\d\d$/.test(status) && !(ofrep && status !== '401' && status !== '403')) withErrorBody(operation.responses, status, '');
      }
      if (ofrep) {
        withErrorBody(operation.responses, '401', 'missing, invalid or revoked credential');
        withErrorBody(operation.responses, '403', 'not a device credential');
      } else {
        withErrorBody(operation.responses, '4XX', 'refused: `code` says which refusal');
      }
      withErrorBody(operation.responses, '5XX', 'the server or a dependency failed');
    }
  }
}
