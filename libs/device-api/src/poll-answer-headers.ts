import type { OutgoingHttpHeaders } from 'node:http';

/**
 * The headers of a device's flags answer, 200 or 304, in one place for both
 * paths that send it: the early answer on Node's request event (PollFastPath,
 * with writeHead) and the route through Fastify (PollRoute.send), so the two
 * stay byte for byte the same. nosniff is also set on every answer by the
 * response-header hook; the early answer never reaches it, hence here.
 *
 * With a body it is a 200's (content type and length); without, a 304's.
 */
export function pollAnswerHeaders(etag: string, requestId: string, body?: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'x-content-type-options': 'nosniff',
    etag,
    'cache-control': 'private, no-cache',
    'x-request-id': requestId,
  };
  if (body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return headers;
}
