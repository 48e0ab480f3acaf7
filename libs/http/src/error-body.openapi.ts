import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_BODY_REF, errorExample, meaningOf, statusOfCode } from './api-errors.decorator';
import { errorCodeOfStatus } from './app-error';
import { PublicErrorCode, publicErrorCodes } from './error-codes';
import { isOfrepPath } from './ofrep-error-body';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Operation['responses'];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The `ErrorBody` schema: the one error shape, its `code` an enum of every code with its meaning. */
export function errorBodySchema(): NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string] {
  const codes = publicErrorCodes();
  return {
    type: 'object',
    description: 'Every error the API answers, but under /ofrep/, where every error is in that protocol’s shape ({ key?, errorCode, errorDetails }).',
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

type ResponseObject = Extract<Responses[string], { description: string }>;
type MediaType = NonNullable<ResponseObject['content']>[string];

/** The codes every operation of a kind can answer, whatever the route: the filter, the pipes, Fastify and the guard give them. */
function derivedCodes(method: string, operation: Operation): [PublicErrorCode, string?][] {
  const parameters = (operation.parameters ?? []).filter((p) => !('$ref' in p) && (p.in === 'path' || p.in === 'query'));
  const pathParameters = parameters.filter((p) => !('$ref' in p) && p.in === 'path').map((p) => ('name' in p ? p.name : ''));
  const codes: [PublicErrorCode, string?][] = [];
  if (operation.requestBody || parameters.length > 0) {
    codes.push(['invalid_input', pathParameters.includes('id') ? 'id must be a UUID' : undefined]);
  }
  if (pathParameters.length > 0) codes.push(['not_found']);
  if (operation.requestBody)
    codes.push(['payload_too_large', 'request body is too large'], ['unsupported_media_type', 'send JSON with Content-Type: application/json']);
  const security = operation.security ?? [];
  if (method !== 'get' && security.some((requirement) => 'cookie' in requirement)) {
    codes.push(['csrf_token_invalid', 'send the X-CSRF-Token header with the token your session was given']);
  }
  codes.push(['internal', 'internal error'], ['unavailable', 'the database is busy or unreachable: nothing was changed, try again shortly']);
  return codes;
}

function addErrorCode(responses: Responses, code: PublicErrorCode, message?: string): void {
  const status = String(statusOfCode(code));
  const declared = responses[status];
  if (declared !== undefined && '$ref' in declared) return;
  const response: ResponseObject = declared ?? { description: '' };
  const json: MediaType = response.content?.['application/json'] ?? { schema: { ...ERROR_BODY_REF } };
  json.schema ??= { ...ERROR_BODY_REF };
  if (!('$ref' in json.schema && json.schema.$ref === ERROR_BODY_REF.$ref)) return; // a body the route declared in another shape
  const examples = { ...json.examples };
  if (examples[code] === undefined) {
    examples[code] = errorExample(code, message);
    const line = `\`${code}\`: ${message ?? meaningOf(code).replace(/^\d{3}: /, '')}`;
    response.description = response.description ? `${response.description}\n\n${line}` : line;
  }
  json.examples = examples;
  response.content = { ...response.content, 'application/json': json };
  responses[status] = response;
}

/**
 * Adds the ErrorBody schema and completes every operation's error answers:
 * the ones its decorators declare (`@ApiErrors`, the access decorators) and
 * the ones every route of its kind can give (400 for a body or parameters,
 * 404 for a path parameter, 413 and 415 for a body, 403 for a cookie write
 * without its CSRF token, 500, 503). Each names its codes, with an example a
 * code. A route without a security requirement is public: `security: []`.
 * The OFREP routes are left as their decorators describe them: every error
 * they answer is in OFREP's shape (ofrep-error-body.ts).
 */
export function documentErrorBodies(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: errorBodySchema() } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= [];
      if (isOfrepPath(path)) continue;
      // A status declared without a body (e.g. by @ApiResponse) gets the ErrorBody and its general code.
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[45]\d\d$/.test(status) && response !== undefined && !('$ref' in response) && response.content === undefined) {
          addErrorCode(operation.responses, errorCodeOfStatus(Number(status)));
        }
      }
      for (const [code, message] of derivedCodes(method, operation)) addErrorCode(operation.responses, code, message);
    }
  }
}
