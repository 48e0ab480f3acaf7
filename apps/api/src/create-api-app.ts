import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { EnvConfig } from '@killswitch/config';
import { installJsonBodyParser, installResponseHeaders, requestIdOf } from '@killswitch/http';
import { installHttpMetrics } from '@killswitch/ops';
import { AppModule } from './app.module';
import { PollRoute, installPollFastPath } from '@killswitch/device-api';
import { buildOpenApiDocument } from './openapi-document';

/** Builds the configured API application; used by main.ts and by the tests. */
export async function createApiApp(config: EnvConfig, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (raw: IncomingMessage) => requestIdOf(raw),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  installResponseHeaders(adapter.getInstance()); // first: the poll fast path below ends the lifecycle in its hook
  const pollFastPath = installPollFastPath(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
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

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document);
  await app.init();
  pollFastPath.bind(app.get(PollRoute));
  return app;
}
