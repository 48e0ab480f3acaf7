import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { RefusalRecorder } from '@killswitch/audit';
import { requestIdOf, toErrorBody } from '@killswitch/http';
import { CredentialResolver } from '@killswitch/identity';
import { REVOCATIONS_QUEUE, queueConnection, queuePrefix } from '@killswitch/queue';
import { requireDashboardAdmin } from './queue-dashboard-access';
import { CSRF_SCRIPT_FILE, DASHBOARD_HEADERS, csrfScript, rewriteDashboardPage } from './queue-dashboard-page';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * @bull-board for operators, admins only: waiting, active, completed and
 * failed jobs (failed jobs are kept: the dead-letter view), with retry.
 * Opened from the admin UI with the browser's session, under the UI's CSP.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit, OnModuleDestroy {
  private connection?: Redis;
  private queue?: Queue;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly resolver: CredentialResolver,
    private readonly refusals: RefusalRecorder,
    private readonly config: EnvConfig,
  ) {}

  onModuleInit(): void {
    this.connection = queueConnection(this.config, 'queue-dashboard');
    this.connection.on('error', () => undefined); // readiness reports Redis; the dashboard just fails its requests
    this.queue = new Queue(REVOCATIONS_QUEUE, { connection: this.connection, prefix: queuePrefix(this.config) });
    const board = new BullBoardFastifyAdapter();
    board.setBasePath(QUEUE_DASHBOARD_PATH);
    const statics = `${QUEUE_DASHBOARD_PATH}/static`; // absolute: the CSP refuses the page's <base>
    createBullBoard({
      queues: [new BullMQAdapter(this.queue)],
      serverAdapter: board,
      options: {
        uiConfig: {
          boardTitle: 'Killswitch queues',
          boardLogo: { path: `${statics}/images/logo.svg` },
          favIcon: { default: `${statics}/images/logo.svg`, alternative: `${statics}/favicon-32x32.png` },
        },
      },
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', async (request, reply) => {
          void reply.headers(DASHBOARD_HEADERS);
          try {
            await requireDashboardAdmin(request, this.resolver, this.refusals);
          } catch (error) {
            const body = toErrorBody(error, requestIdOf(request.raw));
            return reply.code(body.statusCode).send(body);
          }
        });
        scope.addHook('onSend', async (_request, reply, payload) => {
          const html = typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html');
          return html ? rewriteDashboardPage(payload, QUEUE_DASHBOARD_PATH) : payload;
        });
        scope.get(`/${CSRF_SCRIPT_FILE}`, async (_request, reply) =>
          reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(csrfScript(QUEUE_DASHBOARD_PATH)),
        );
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
    this.connection?.disconnect();
  }
}
