import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import { toErrorBody } from './error-body';
import { isOfrepPath, toOfrepErrorBody } from './ofrep-error-body';
import { requestIdOf } from './request-id';
import { earlyJsonAnswerHeaders } from './response-headers';

/**
 * The longest path parameter the router takes: above the longest key the API accepts (an integration key, 127
 * characters) even percent-encoded, so every id or key it hands out can be addressed (PATCH /v1/integrations/:key,
 * OFREP's single-flag route). Fastify's default, 100, refused integration keys of 101-127 characters.
 */
export const MAX_PATH_PARAM_LENGTH = 512;

/** Fastify's router errors, before any route or hook: an undecodable path, a path parameter past the limit. */
type FrameworkError = Error & { code?: string };

/** What the router refused, as the API says it: never the path echoed back (it may be kilobytes); anything else is a 500. */
function refusalOf(error: FrameworkError): AppError | FrameworkError {
  switch (error.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('invalid_input', `a path segment is longer than ${MAX_PATH_PARAM_LENGTH} characters: no id or key is that long`);
    case 'FST_ERR_BAD_URL':
      return new AppError('invalid_input', 'the path is not valid: every % must begin a percent-encoded UTF-8 byte (%XX)');
    default:
      return error; // an async route constraint that failed: the server's fault, answered as any 500 (no internals)
  }
}

/**
 * Fastify's frameworkErrors: what its router refuses (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH) gets the error body
 * and headers every other error has (request id, no-store, nosniff), and OFREP's shape under /ofrep/, where
 * Fastify's default answered its own shape with none of them.
 */
export function answerFrameworkError(error: FrameworkError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = requestIdOf(request.raw);
  const body = toErrorBody(refusalOf(error), requestId);
  const json = JSON.stringify(isOfrepPath(request.raw.url) ? toOfrepErrorBody(body, { unreadableBody: false }) : body);
  void reply.code(body.statusCode).headers(earlyJsonAnswerHeaders(requestId, json)).send(json);
}
