import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import { requestIdOf } from '@killswitch/http';
import { etagMatches } from './etag';
import { POLL_PATH, PollRoute } from './poll.route';
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

/**
 * Another request answered on the same request event (AckFastPath). True: the
 * request is its own (answered, or later handed to Fastify with `handOn`);
 * false: it is left, untouched, to the next.
 */
export interface EarlyAnswer {
  answer(request: IncomingMessage, response: ServerResponse, handOn: () => void): boolean;
}

/**
 * The device poll answered as early as it can be, in two places:
 *
 * - on Node's own request event, before Fastify (serverFactory): a poll whose
 *   credential and answer are in memory (nearly every poll of a fleet) is
 *   answered here, with the very status, headers and body the route gives;
 * - from the first onRequest hook (installHook), ahead of Nest's middleware:
 *   every other poll (a cold device, a wrong credential) goes to the route's
 *   slow path from there.
 *
 * The request event also gives the `others` (device acks) their turn. Anything
 * none of them takes goes to Fastify untouched. Once the server starts closing,
 * every request goes to Fastify, which answers 503. Until bind(), polls go
 * through the route itself.
 */
export class PollFastPath {
  private route: PollRoute | undefined;
  private closing = false;
  private readonly others: EarlyAnswer[];

  constructor(...others: EarlyAnswer[]) {
    this.others = others;
  }

  /** For FastifyAdapter's options: builds the HTTP server as Fastify would, with the early answer in front. */
  readonly serverFactory: FastifyServerFactory = (handler, options) => {
    const settings = options as unknown as ServerOptions;
    const server = http.createServer(settings.http ?? {}, (request, response) => {
      if (this.answer(request, response)) return;
      if (!this.closing) {
        const handOn = () => handler(request, response);
        for (const other of this.others) if (other.answer(request, response, handOn)) return;
      }
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

  /** True when the poll was answered from memory; false leaves the request, untouched, to Fastify. */
  answer(request: IncomingMessage, response: ServerResponse): boolean {
    if (!this.route || this.closing || request.method !== 'GET' || request.url !== POLL_PATH) return false;
    // A GET with a body is left to Fastify, which reads and discards it.
    if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined) return false;
    let answer;
    try {
      answer = this.route.fromMemory(request.headers.authorization);
    } catch {
      return false; // the route's own path answers with the error body
    }
    if (!answer) return false;
    if (etagMatches(request.headers['if-none-match'], answer.etag)) {
      response.writeHead(304, pollAnswerHeaders(answer.etag, requestIdOf(request)));
      response.end();
      answeredFromMemory.notModified++;
      return true;
    }
    const body = answer.body;
    response.writeHead(200, pollAnswerHeaders(answer.etag, requestIdOf(request), body));
    response.end(body);
    answeredFromMemory.ok++;
    return true;
  }
}
