import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from './app-error';
import { afterRequestDrained } from './drain-request';
import { toErrorBody } from './error-body';
import { isUnreadableBody } from './json-body.parser';
import { isOfrepPath, toOfrepErrorBody } from './ofrep-error-body';
import { requestIdOf } from './request-id';

/** One filter for the whole API: a correlation id in every error, no internals in a 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendErrorReply(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

/**
 * Answers with the error body of `exception`: what the filter does for Nest's
 * routes, and what the plain Fastify fast paths (device acks) call themselves.
 * Under /ofrep/ the body is in OFREP's shape (ofrep-error-body.ts), whatever
 * raised the error: the JSON parser, the body limit, the guard, the route.
 */
export function sendErrorReply(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Pick<Logger, 'error'>): void {
  const body = toErrorBody(exception, requestIdOf(request.raw));
  if (body.statusCode >= 500) {
    logger.error({ err: exception, requestId: body.requestId }, 'request failed');
  }
  if (reply.sent) return;
  // A database blip: the client may retry at once, nothing was written.
  if (body.statusCode === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '2');
  if (exception instanceof RateLimitedError) reply.header('retry-after', String(exception.retryAfterSec));
  // The route's pattern where one matched (a percent-encoded path is routed decoded), else the path asked for.
  const ofrep = isOfrepPath(request.routeOptions?.url ?? request.url);
  const payload = ofrep ? toOfrepErrorBody(body, { key: ofrepKeyOf(request), unreadableBody: isUnreadableBody(exception) }) : body;
  const send = () => void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(payload);
  if (body.statusCode === 413) afterRequestDrained(request.raw, send);
  else send();
}

/** The flag key of the single-flag OFREP route, which its error bodies carry. */
function ofrepKeyOf(request: FastifyRequest): string | undefined {
  const key = (request.params as Record<string, unknown> | undefined)?.key;
  return typeof key === 'string' ? key : undefined;
}
