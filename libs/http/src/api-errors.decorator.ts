import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { statusOf } from './app-error';
import { errorText } from './error-body';
import { ErrorCode, GENERAL_ERROR_CODES, PublicErrorCode, SPECIFIC_ERROR_CODES, isSpecificErrorCode } from './error-codes';

export const ERROR_BODY_REF = { $ref: '#/components/schemas/ErrorBody' } as const;

/** The status an error code answers with: a specific code's is its general kind's. */
export function statusOfCode(code: PublicErrorCode): number {
  return statusOf(isSpecificErrorCode(code) ? SPECIFIC_ERROR_CODES[code].kind : (code as ErrorCode));
}

export function meaningOf(code: PublicErrorCode): string {
  return isSpecificErrorCode(code) ? SPECIFIC_ERROR_CODES[code].meaning : GENERAL_ERROR_CODES[code as ErrorCode];
}

/** An ErrorBody as the exception filter writes it, for an example. */
export function exampleErrorBody(code: PublicErrorCode, message = meaningOf(code).replace(/^\d{3}: /, '')): Record<string, unknown> {
  const statusCode = statusOfCode(code);
  return {
    statusCode,
    error: errorText(statusCode),
    message,
    requestId: '5c0a8f4e-7d8b-4a57-9d7e-2f1b7a3c9e10',
    code,
    ...(code === 'invalid_input' ? { details: [message] } : {}),
  };
}

/** One response object's example for a code; the key is the code, so two declarations of one code merge. */
export function errorExample(code: PublicErrorCode, message?: string): { summary: string; value: Record<string, unknown> } {
  return { summary: `${code}: ${meaningOf(code).replace(/^\d{3}: /, '')}`, value: exampleErrorBody(code, message) };
}

/**
 * Documents the error answers a route can give, by their `code`: one
 * response a status, the ErrorBody schema, an example for each code.
 * `@ApiErrors('not_found', 'kill_not_active')` gives a 404 and a 409. Codes
 * of one status declared by two decorators (the access decorators declare
 * `unauthenticated` and `forbidden`) merge into one response.
 * A code may carry the message the route gives: `['conflict', 'rev is ahead of the current revision']`.
 */
export function ApiErrors(...codes: (PublicErrorCode | [PublicErrorCode, string])[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, [PublicErrorCode, string | undefined][]>();
  for (const entry of codes) {
    const [code, message] = Array.isArray(entry) ? entry : [entry, undefined];
    const status = statusOfCode(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), [code, message]]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, list]) => {
      const { description, content } = errorResponse(
        ...list.map(([code, message]): PublicErrorCode | [PublicErrorCode, string] => (message ? [code, message] : code)),
      );
      return ApiResponse({ status, description, schema: ERROR_BODY_REF, examples: content['application/json'].examples });
    }),
  );
}

/** The response object ApiErrors writes, for a document entry written by hand (the plain Fastify routes). */
export function errorResponse(...codes: (PublicErrorCode | [PublicErrorCode, string])[]): {
  description: string;
  content: { 'application/json': { schema: typeof ERROR_BODY_REF; examples: Record<string, ReturnType<typeof errorExample>> } };
} {
  const list = codes.map((entry) => (Array.isArray(entry) ? entry : ([entry, undefined] as const)));
  return {
    description: list.map(([code, message]) => `\`${code}\`: ${message ?? meaningOf(code).replace(/^\d{3}: /, '')}`).join('\n\n'),
    content: {
      'application/json': { schema: ERROR_BODY_REF, examples: Object.fromEntries(list.map(([code, message]) => [code, errorExample(code, message)])) },
    },
  };
}
