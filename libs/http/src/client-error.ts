import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { statusOf } from './app-error';
import { ErrorCode } from './error-codes';
import { isOfrepPath, ofrepKeyOfPath, toOfrepErrorBody } from './ofrep-error-body';
import { newRequestId } from './request-id';

/** Node's HTTP parser error: llhttp's code (HPE_…) and, for a malformed request, its reason. */
type ParserError = Error & { code?: string; reason?: string };

/** What node:http keeps on a server socket: the request being parsed, and the response being written on it. */
type HttpSocket = Duplex & { parser?: { incoming?: { complete: boolean; url?: string } | null } | null; _httpMessage?: { headersSent: boolean } | null };

/**
 * Whether the request the parser failed in was already answered: its headers were read, so a route ran, and its
 * response has started (or finished, and left the socket). A second response would follow the first on the wire.
 */
function answered(socket: HttpSocket): boolean {
  const incoming = socket.parser?.incoming;
  if (!incoming || incoming.complete) return false;
  const response = socket._httpMessage;
  return !response || response.headersSent;
}

/** The error code and message for a request Node's parser refused before any route saw it. */
function refusalOf(error: ParserError): [ErrorCode, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return ['request_timeout', 'the request did not arrive in time (its headers, or the whole of it): send it at once, on a new connection'];
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return ['headers_too_large', 'the request line and headers are larger than the server accepts (16 KiB): send a shorter URL and smaller headers'];
  }
  const reason = error.reason ?? error.code ?? 'unreadable';
  return ['invalid_input', `the request is not valid HTTP/1.1 (${reason}): fix its request line, headers or body framing (Content-Length, chunks)`];
}

/**
 * Fastify's clientErrorHandler: a request Node's parser refused (a bad
 * Content-Length or chunk, a NUL in a header, headers past 16 KiB, a request
 * too slow to arrive) gets an error body of the same shape as every other
 * (`statusCode`, `error`, `message`, `requestId`, `code`), where Fastify's
 * default had no request id nor code; under /ofrep/ (when the parser had read
 * the request's headers), OFREP's shape. The connection is closed after it:
 * the parser cannot tell where the next request would start.
 */
export function answerClientError(error: ParserError, socket: Duplex): void {
  // A reset connection has nobody to answer (as Fastify's default).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message] = refusalOf(error);
  const status = statusOf(code);
  const requestId = newRequestId();
  const url = (socket as HttpSocket).parser?.incoming?.url;
  const body = JSON.stringify(
    isOfrepPath(url)
      ? toOfrepErrorBody({ statusCode: status, message }, { key: ofrepKeyOfPath(url), unreadableBody: true }) // its headers were read: its body was not
      : { statusCode: status, error: STATUS_CODES[status], message, requestId, code },
  );
  if (socket.writable && !answered(socket as HttpSocket)) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
