import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { Role } from '@killswitch/db';
import { AppError, requestIdOf, toErrorBody } from '@killswitch/http';
import { CredentialResolver, bearerOf } from '@killswitch/identity';
import { REVOCATIONS_QUEUE, queueConnection, queuePrefix } from '@killswitch/queue';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * @bull-board for operators, admins only: waiting, active, completed and
 * failed jobs (failed jobs are kept: the dead-letter view), with retry.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit, OnModuleDestroy {
  private connection?: Redis;
  private queue?: Queue;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly resolver: CredentialResolver,
    private readonly config: EnvConfig,
  ) {}

  onModuleInit(): void {
    this.connection = queueConnection(this.config, 'queue-dashboard');
    this.connection.on('error', () => undefined); // readiness reports Redis; the dashboard just fails its requests
    this.queue = new Queue(REVOCATIONS_QUEUE, { connection: this.connection, prefix: queuePrefix(this.config) });
    const board = new BullBoardFastifyAdapter();
    board.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({ queues: [new BullMQAdapter(this.queue)], serverAdapter: board });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', async (request, reply) => {
          try {
            await this.requireAdmin(request.headers.authorization);
          } catch (error) {
            const body = toErrorBody(error, requestIdOf(request.raw));
            return reply.code(body.statusCode).send(body);
          }
        });
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
  }

  private async requireAdmin(header: string | undefined): Promise<void> {
    const token = bearerOf(header);
    if (!token) throw new AppError('unauthenticated', 'send a credential: Authorization: Bearer <token>');
    const principal = await this.resolver.resolve(token);
    if (!principal) throw new AppError('unauthenticated', 'the credential is invalid, expired or revoked');
    if (principal.kind !== 'user' || !principal.roles.includes(Role.admin)) throw new AppError('forbidden', 'the queue dashboard is for admins');
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
    this.connection?.disconnect();
  }
}
