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
export function sendErrorReply(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Pick<Logger, 'error' | 'warn'>): void {
  const body = toErrorBody(exception, requestIdOf(request.raw));
  if (body.statusCode === 503) busyAnswers.note(logger, body.message, body.requestId);
  else if (body.statusCode >= 500) logger.error({ err: exception, requestId: body.requestId }, 'request failed');
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

/**
 * 503s (the database unreachable or busy, a queue full): expected on a bad day, and as many as there are requests, so a
 * fleet's acks during a 20 s database outage logged thousands of stack traces. One warning every BUSY_LOG_EVERY_MS at
 * most, saying how many more were answered meanwhile; the answers themselves are counted by the HTTP metrics.
 */
const BUSY_LOG_EVERY_MS = 10_000;

export class BusyAnswers {
  private loggedAt = Number.NEGATIVE_INFINITY;
  private unlogged = 0;

  constructor(private readonly now: () => number = Date.now) {}

  note(logger: Pick<Logger, 'warn'>, message: string, requestId: string): void {
    const now = this.now();
    if (now - this.loggedAt < BUSY_LOG_EVERY_MS) {
      this.unlogged++;
      return;
    }
    const more = this.unlogged > 0 ? ` (and ${this.unlogged} more answered 503 since the last such line)` : '';
    logger.warn({ requestId }, `request answered 503: ${message}${more}`);
    this.loggedAt = now;
    this.unlogged = 0;
  }
}

const busyAnswers = new BusyAnswers();

/** The flag key of the single-flag OFREP route, which its error bodies carry. */
function ofrepKeyOf(request: FastifyRequest): string | undefined {
  const key = (request.params as Record<string, unknown> | undefined)?.key;
  return typeof key === 'string' ? key : undefined;
}
