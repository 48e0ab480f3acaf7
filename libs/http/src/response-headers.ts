import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

const NOSNIFF = 'nosniff';
const NO_STORE = 'no-store';

/**
 * Headers every answer carries. Install it first, before any other onRequest
 * hook: the device poll's fast path answers from an onRequest hook and stops
 * the lifecycle there, and hijacked answers (event streams) skip onSend.
 *
 * - `X-Content-Type-Options: nosniff` on everything, set on the raw response
 *   so that even streams written with writeHead carry it.
 * - `Cache-Control: no-store` on every answer that does not say otherwise:
 *   authenticated JSON (tokens, kill reasons, device lists) and errors must
 *   never sit in a browser's or proxy's cache. Routes that set their own keep
 *   it: device answers `private, no-cache` (their ETag/304 depends on it),
 *   the JWKS `public, max-age=300`, the admin UI's static files.
 */
export function installResponseHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.raw.setHeader('x-content-type-options', NOSNIFF);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', NO_STORE);
    done(null, payload);
  });
}

/**
 * The headers of a JSON answer sent with writeHead before Fastify (the device acks' early answer, AckFastPath),
 * which never reaches the hooks above: what they and Fastify would have set on the same answer.
 */
export function earlyJsonAnswerHeaders(requestId: string, json: string): OutgoingHttpHeaders {
  return {
    'x-content-type-options': NOSNIFF,
    'x-request-id': requestId,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': NO_STORE,
    'content-length': Buffer.byteLength(json),
  };
}
