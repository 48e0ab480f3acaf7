import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = Symbol('killswitch.requestId');
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/** This process's ids: a random UUID's first 24 characters (74 random bits), then a 48-bit counter in hex. */
const PREFIX = randomUUID().slice(0, 24);
const COUNTER_DIGITS = '000000000000';
let issued = 0;

/**
 * A new request id, shaped as a UUID and unique: the random prefix tells
 * processes apart, the counter requests within one. A request id correlates
 * (logs, error bodies, audit entries) and is no secret (a caller may choose
 * its own), so it needs no fresh randomness, which cost every poll a
 * crypto.randomUUID (and, every 128 ids, a call for more entropy).
 */
export function newRequestId(): string {
  const count = (++issued).toString(16);
  return PREFIX + COUNTER_DIGITS.slice(count.length) + count;
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
