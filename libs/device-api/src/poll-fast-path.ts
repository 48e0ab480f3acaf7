import http, { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import { requestIdOf } from '@killswitch/http';
import { etagMatches } from './etag';
import type { FlagsAnswer } from './flags-answer';
import { POLL_PATH, PollRoute, handOnEarlyError } from './poll.route';
import { pollAnswerHeaders } from './poll-answer-headers';
import { answeredFromMemory } from './poll-metrics';

/** The settings Fastify hands a server factory (its own options, defaults applied). */
interface ServerOptions {
  http?: http.ServerOptions;
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket?: number;
}

/** Fastify's own request handler: where an early answer hands a request it took but leaves to the route. */
export type HandOn = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Another request answered on the same request event (AckFastPath). True: the
 * request is its own (answered, or later handed to Fastify with `handOn`);
 * false: it is left, untouched, to the next.
 */
export interface EarlyAnswer {
  answer(request: IncomingMessage, response: ServerResponse, handOn: HandOn): boolean;
}

/** The route's duration metric, by status, for the polls answered here that Fastify would have recorded (httpDurationRecorder). */
export interface ColdPollRecorders {
  ok(seconds: number): void;
  notModified(seconds: number): void;
}

/**
 * The device poll answered as early as it can be, in two places:
 *
 * - on Node's own request event, before Fastify (serverFactory): a poll whose
 *   credential and answer are in memory (nearly every poll of a fleet) is
 *   answered here at once, with the very status, headers and body the route
 *   gives; a poll with a device credential that is not (a device's first poll
 *   after a restart) is answered here too once its credential and facts are
 *   read (PollRoute.coldAnswer, the route's own slow path), and any error it
 *   meets (401, 429, 503...) is handed on to Fastify, where the route answers it
 *   (handOnEarlyError) with the one error mapping;
 * - from the first onRequest hook (installHook), ahead of Nest's middleware:
 *   every other poll (no credential, another kind) goes to the route from there.
 *
 * The request event also gives the `others` (device acks) their turn. Anything
 * none of them takes goes to Fastify untouched. Once the server starts closing,
 * every request goes to Fastify, which answers 503. Until bind(), polls go
 * through the route itself.
 */
export class PollFastPath implements EarlyAnswer {
  private route: PollRoute | undefined;
  private closing = false;

  /**
   * `cold`: where the polls answered here after a database read are timed, as the route's would be (warm ones are
   * counted in answeredFromMemory). `others`: early answers tried after this one. `addressOf`: the client's address
   * as the routes' `request.ip` has it (clientAddressOf with the API's proxy trust), which the refusal limiter keys
   * a cold credential's check by: the connection's peer alone would be the load balancer's for every device.
   */
  constructor(
    private readonly cold: ColdPollRecorders | undefined,
    private readonly others: EarlyAnswer[] = [],
    private readonly addressOf: (request: IncomingMessage) => string = (request) => request.socket.remoteAddress ?? '',
  ) {}

  /** For FastifyAdapter's options: builds the HTTP server as Fastify would, with the early answer in front. */
  readonly serverFactory: FastifyServerFactory = (handler, options) => {
    const settings = options as unknown as ServerOptions;
    const server = http.createServer(settings.http ?? {}, (request, response) => {
      // Fastify's handler itself, not a closure a request: nothing allocated on the path a fleet hammers.
      if (this.answer(request, response, handler)) return;
      if (!this.closing) for (const other of this.others) if (other.answer(request, response, handler)) return;
      handler(request, response);
    });
    server.keepAliveTimeout = settings.keepAliveTimeout;
    server.requestTimeout = settings.requestTimeout;
    server.setTimeout(settings.connectionTimeout);
    if (settings.maxRequestsPerSocket && settings.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = settings.maxRequestsPerSocket;
    return server;
  };

  /** Call before Nest registers its middleware (the hooks after this one never run for a poll). */
  installHook(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (this.route && request.method === 'GET' && request.routeOptions.url === POLL_PATH) {
        // The reply is sent here (now or when the slow path resolves); the lifecycle stops.
        void this.route.handle(request, reply);
        return;
      }
      done();
    });
    fastify.addHook('preClose', (done) => {
      this.closing = true;
      done();
    });
  }

  bind(route: PollRoute): void {
    this.route = route;
  }

  /**
   * True when the poll is answered here: at once from memory, or once the credential and facts of a device
   * credential not in memory are read (any error then handed on to Fastify with `handOn`); false leaves the
   * request, untouched, to Fastify.
   */
  answer(request: IncomingMessage, response: ServerResponse, handOn: HandOn): boolean {
    const route = this.route;
    if (!route || this.closing || request.method !== 'GET' || request.url !== POLL_PATH) return false;
    // A GET with a body is left to Fastify, which reads and discards it.
    if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined) return false;
    const authorization = request.headers.authorization;
    let found;
    try {
      found = route.fromMemory(authorization);
    } catch {
      return false; // the route's own path answers with the error body (a credential over its refusal limit: 429)
    }
    // No credential, or another kind: the route refuses it (401, 403) from its hook.
    if (found === undefined) return false;
    if (!Buffer.isBuffer(found)) {
      if (this.send(request, response, found) === 200) answeredFromMemory.ok++;
      else answeredFromMemory.notModified++;
      return true;
    }
    // A device credential not in memory, by its digest: checked, with its facts, without hashing the token again
    // (after the refusal limiter, keyed by the caller's address as Fastify's request.ip gives it).
    const started = performance.now();
    // Sent from a promise's reaction, not from within the batch read's own callbacks: measured, the same
    // CPU, and the API's peak RSS after a burst of first polls stayed lower.
    route.coldAnswer(authorization, found, this.addressOf(request)).then(
      (answer) => {
        const status = this.send(request, response, answer);
        const seconds = (performance.now() - started) / 1000;
        if (status === 200) this.cold?.ok(seconds);
        else this.cold?.notModified(seconds);
      },
      (error: unknown) => {
        handOnEarlyError(request, error);
        handOn(request, response);
      },
    );
    return true;
  }

  /** Writes the answer as the route sends it: a 304 when the caller holds it, else a 200. */
  private send(request: IncomingMessage, response: ServerResponse, answer: FlagsAnswer): 200 | 304 {
    if (etagMatches(request.headers['if-none-match'], answer.etag)) {
      response.writeHead(304, pollAnswerHeaders(answer.etag, requestIdOf(request)));
      response.end();
      return 304;
    }
    const body = answer.body;
    response.writeHead(200, pollAnswerHeaders(answer.etag, requestIdOf(request), body));
    response.end(body);
    return 200;
  }
}
