import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from './app-error';
import { afterRequestDrained } from './drain-request';
import { toErrorBody } from './error-body';
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
  const send = () => void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  if (body.statusCode === 413) afterRequestDrained(request.raw, send);
  else send();
}
