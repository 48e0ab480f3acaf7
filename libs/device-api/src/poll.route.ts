import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toErrorBody, requestIdOf } from '@killswitch/http';
import { CredentialResolver, DeviceCredentialCache, SECRET_PREFIX, bearerOf } from '@killswitch/identity';
import { etagMatches } from './etag';
import { FlagsService } from './flags.service';

export const POLL_PATH = '/v1/device/flags';

/**
 * GET /v1/device/flags, the hot path, as a plain Fastify route: a fleet polls
 * it tens of thousands of times a second, and Nest's per-request machinery
 * (guards, pipes, interceptors, the logger middleware) costs more than the
 * work itself. It keeps the same contract: device credential only (checked in
 * memory), the same error body, and it is listed in the OpenAPI document by
 * hand (create-api-app.ts) and in the route policy test.
 */
@Injectable()
export class PollRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly devices: DeviceCredentialCache,
    private readonly resolver: CredentialResolver,
    private readonly flags: FlagsService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get(POLL_PATH, (request, reply) => this.handle(request, reply));
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const deviceId = await this.authenticate(request.headers.authorization);
      const answer = await this.flags.answer(deviceId);
      if (!answer) throw new AppError('unauthenticated', 'this device is decommissioned');
      reply.header('etag', answer.etag).header('cache-control', 'private, no-cache');
      if (etagMatches(request.headers['if-none-match'], answer.etag)) {
        await reply.code(304).send();
        return;
      }
      await reply.header('content-type', 'application/json; charset=utf-8').send(answer.body);
    } catch (error) {
      const body = toErrorBody(error, requestIdOf(request.raw));
      await reply.code(body.statusCode).send(body);
    }
  }

  private async authenticate(header: string | undefined): Promise<string> {
    const token = bearerOf(header);
    if (!token) throw new AppError('unauthenticated', 'send a credential: Authorization: Bearer <token>');
    if (token.startsWith(SECRET_PREFIX.device)) {
      const principal = await this.devices.resolve(token);
      if (principal) return principal.deviceId;
    } else if (await this.resolver.resolve(token)) {
      throw new AppError('forbidden', 'this route takes a device credential');
    }
    throw new AppError('unauthenticated', 'the credential is invalid, expired or revoked');
  }
}
