import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { earlyJsonAnswerHeaders, requestIdOf } from '@killswitch/http';
import type { DevicePrincipal } from '@killswitch/identity';
import { ACKS_PATH, AckRoute, JSON_TYPES, handOnEarlyRead } from './ack.route';
import type { EarlyAnswer, HandOn } from './poll-fast-path';

/** The largest body read here: `{"rev":9007199254740991}` is 24 bytes. A larger one goes to Fastify unread. */
const EARLY_BODY_LIMIT = 64;
/** Exactly { "rev": <digits> } (JSON's whitespace allowed); the digits are checked to be a safe integer. */
const PLAIN_ACK = /^[ \t\n\r]*\{[ \t\n\r]*"rev"[ \t\n\r]*:[ \t\n\r]*(0|[1-9][0-9]{0,15})[ \t\n\r]*\}[ \t\n\r]*$/;

/**
 * A device's ack answered on Node's request event, before Fastify (as
 * PollFastPath answers polls), for the acks a fleet sends after every kill.
 * It takes only what it can answer exactly as the route does:
 *
 * - POST /v1/device/acks, no query string, a JSON content type, no
 *   Content-Encoding (the parser refuses a coded body with a 415) and a
 *   Content-Length of at most EARLY_BODY_LIMIT (no chunked body), from a device
 *   whose credential is in memory and whose caller the refusal limiter does not
 *   hold back (AckRoute.admit, the guard's checks, by the same client address); anything else goes to
 *   Fastify untouched;
 * - once the body is read: exactly { rev: <safe integer> } is written
 *   (AckRoute.recordWith) and answered 200 here with the route's headers and body,
 *   recorded in the route's duration metric. Any other body, and any error the
 *   ack meets (a rev ahead: 409; the database gone: 503 with Retry-After), is
 *   handed on to Fastify with what was read (handOnEarlyRead), where the route
 *   answers it through its parser, validation pipe and exception filter.
 */
export class AckFastPath implements EarlyAnswer {
  private route: AckRoute | undefined;

  /**
   * `recordOk(seconds)`: the route's duration metric for a 200 (httpDurationRecorder). `addressOf`: the client's
   * address as the routes' `request.ip` has it (clientAddressOf with the API's proxy trust), which the refusal limiter
   * keys by: the connection's peer alone would be the load balancer's for every device behind it.
   */
  constructor(
    private readonly recordOk: (seconds: number) => void,
    private readonly addressOf: (request: IncomingMessage) => string,
  ) {}

  bind(route: AckRoute): void {
    this.route = route;
  }

  answer(request: IncomingMessage, response: ServerResponse, handOn: HandOn): boolean {
    const route = this.route;
    if (!route || request.method !== 'POST' || request.url !== ACKS_PATH) return false;
    const { headers } = request;
    const type = headers['content-type'];
    if (type === undefined || !JSON_TYPES.has(type.toLowerCase()) || headers['content-encoding'] !== undefined) return false;
    const length = headers['content-length'];
    if (length === undefined || headers['transfer-encoding'] !== undefined || !/^[1-9][0-9]?$/.test(length) || Number(length) > EARLY_BODY_LIMIT) return false;
    const principal = route.admit(headers.authorization, this.addressOf(request));
    if (!principal) return false;

    const started = performance.now();
    const expected = Number(length);
    // A body this small nearly always comes in the packet that carries the headers, and Node's parser has it
    // buffered by the next tick: it is then taken with one read(), without the 'data' and 'end' events' machinery
    // (flowing mode, a tick to resume, another to end, autoDestroy). A body not all there yet (split over packets,
    // sent after a 100 Continue) is read by the events; a request cut off mid-body is never answered: its socket is gone.
    process.nextTick(() => {
      if (request.readableLength === expected) return this.settle(route, request, response, handOn, principal, started, request.read() as Buffer);
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.once('end', () => this.settle(route, request, response, handOn, principal, started, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    });
    return true;
  }

  /** The body read: exactly { rev } is recorded and answered here; anything else, and any error, handed on to Fastify. */
  private settle(
    route: AckRoute,
    request: IncomingMessage,
    response: ServerResponse,
    handOn: HandOn,
    principal: DevicePrincipal,
    started: number,
    raw: Buffer,
  ): void {
    const digits = PLAIN_ACK.exec(raw.toString('latin1'))?.[1]; // the plain ack is ASCII: anything else goes to the parser as it came
    const rev = digits === undefined ? undefined : Number(digits);
    if (rev === undefined || !Number.isSafeInteger(rev)) {
      handOnEarlyRead(request, { principal, body: raw });
      return handOn(request, response);
    }
    route.recordWith(principal, rev, (error, result) => {
      if (error !== null) {
        handOnEarlyRead(request, { principal, body: raw, error });
        return handOn(request, response);
      }
      const json = JSON.stringify(result);
      response.writeHead(200, earlyJsonAnswerHeaders(requestIdOf(request), json));
      response.end(json);
      this.recordOk((performance.now() - started) / 1000);
    });
  }
}
