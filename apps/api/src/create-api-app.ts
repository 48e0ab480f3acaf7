import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { EnvConfig, trustedProxies } from '@killswitch/config';
import {
  answerClientError,
  answerFrameworkError,
  MAX_PATH_PARAM_LENGTH,
  clientAddressOf,
  installJsonBodyParser,
  installResponseHeaders,
  installRouteBodyLimits,
  proxyTrustOf,
  requestIdOf,
} from '@killswitch/http';
import { httpDurationRecorder, installHttpMetrics } from '@killswitch/ops';
import { AppModule } from './app.module';
import { ACKS_PATH, AckFastPath, AckRoute, POLL_PATH, PollFastPath, PollRoute, installAckFastPath } from '@killswitch/device-api';
import { installApiDocs } from './api-docs';
import { buildOpenApiDocument } from './openapi-document';
import { installRequestLogContextSwitch } from './request-log-context';

/** Builds the configured API application; used by main.ts and by the tests. */
export async function createApiApp(config: EnvConfig, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  // One trust function for Fastify's request.ip and for the ack answered before Fastify: one client address for both.
  const trust = proxyTrustOf(trustedProxies(config));
  const addressOf = (raw: IncomingMessage) => clientAddressOf(raw, trust);
  const ackEarly = new AckFastPath(httpDurationRecorder('POST', ACKS_PATH, 200), addressOf);
  const pollFastPath = new PollFastPath(
    { ok: httpDurationRecorder('GET', POLL_PATH, 200), notModified: httpDurationRecorder('GET', POLL_PATH, 304) },
    [ackEarly],
    addressOf,
  );
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Off unless TRUST_PROXY names the proxies: request.ip is then the client address they report (X-Forwarded-For).
    trustProxy: trust,
    genReqId: (raw: IncomingMessage) => requestIdOf(raw),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // A client has this long to send its headers, and its whole request; once a request is in, its response is not
    // limited, so server-sent event streams (device and revocation) stay open for hours. Node checks every
    // connectionsCheckingInterval, so a slow client is closed within about that much past its timeout.
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.HTTP_HEADERS_TIMEOUT_MS / 4))),
    },
    serverFactory: pollFastPath.serverFactory,
    // What Node's parser refuses gets the error body every other error has; so does what Fastify's router refuses.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
  });
  installResponseHeaders(adapter.getInstance()); // first: the poll fast path below ends the lifecycle in its hook
  pollFastPath.installHook(adapter.getInstance());
  const ackFastPath = installAckFastPath(adapter.getInstance());
  installRequestLogContextSwitch(adapter.getInstance()); // before Nest's middleware (middie), which NestFactory.create registers
  installRouteBodyLimits(adapter.getInstance()); // before app.init() registers the routes
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // JSON bodies only (installJsonBodyParser below): no form-encoded parser, so a form is a 415 that says to send JSON.
    bodyParser: false,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  installJsonBodyParser(app);

  const fastify = app.getHttpAdapter().getInstance();
  installHttpMetrics(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  installApiDocs(app, buildOpenApiDocument(app));
  await app.init();
  pollFastPath.bind(app.get(PollRoute));
  ackFastPath.bind(app.get(AckRoute));
  ackEarly.bind(app.get(AckRoute));
  return app;
}
