import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = Symbol('killswitch.requestId');
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A new request id: a random UUID. Not a counter, though cheaper: a counter's
 * ids would tell any caller how many requests a process serves between two of
 * its own.
 */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * The correlation id of a request: the caller's `x-request-id` when it is
 * sane, else a new one (newRequestId). Memoised on the raw request so Fastify, the pino
 * logger and the error body all agree.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const holder = raw as IncomingMessage & { [REQUEST_ID]?: string };
  if (holder[REQUEST_ID] === undefined) {
    const offered = raw.headers['x-request-id'];
    holder[REQUEST_ID] = typeof offered === 'string' && ACCEPTED.test(offered) ? offered : newRequestId();
  }
  return holder[REQUEST_ID];
}
