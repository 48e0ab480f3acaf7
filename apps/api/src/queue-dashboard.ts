import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { AuditService, RefusalRecorder } from '@killswitch/audit';
import { PrismaService } from '@killswitch/db';
import { AppError, requestIdOf, toErrorBody } from '@killswitch/http';
import { CredentialResolver, UserPrincipal, actorOf, isSafeMethod } from '@killswitch/identity';
import { REVOCATIONS_QUEUE, queueConnection, queuePrefix } from '@killswitch/queue';
import { requireDashboardAdmin } from './queue-dashboard-access';
import { dashboardCommand } from './queue-dashboard-commands';
import { CSRF_SCRIPT_FILE, DASHBOARD_HEADERS, csrfScript, rewriteDashboardPage } from './queue-dashboard-page';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The admin a dashboard request was authenticated as (set by the onRequest hook). */
const ADMIN = Symbol('queue-dashboard-admin');
type DashboardRequest = FastifyRequest & { [ADMIN]?: UserPrincipal };

/**
 * @bull-board for operators, admins only: waiting, active, completed and
 * failed jobs (failed jobs are kept: the dead-letter view), with retry.
 * Opened from the admin UI with the browser's session, under the UI's CSP.
 *
 * Every write (pause, resume, clean, retry, remove, ...) is a person's, and is
 * in the audit log before it is carried out: the entry is committed first, and
 * if it cannot be, the write is refused (503) and the queue left alone.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(QueueDashboard.name);
  private connection?: Redis;
  private queue?: Queue;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly resolver: CredentialResolver,
    private readonly refusals: RefusalRecorder,
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
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
            (request as DashboardRequest)[ADMIN] = await requireDashboardAdmin(request, this.resolver, this.refusals);
          } catch (error) {
            const body = toErrorBody(error, requestIdOf(request.raw));
            return reply.code(body.statusCode).send(body);
          }
        });
        // After the body is parsed (what a job is added or updated with goes into the entry), before bull-board acts.
        scope.addHook('preHandler', async (request, reply) => {
          if (isSafeMethod(request.method) || request.is404) return; // a route that does not exist changes nothing
          try {
            await this.recordWrite(request as DashboardRequest);
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

  /** The write's audit entry, committed before bull-board runs it; throws (and so refuses the write) when it cannot be. */
  private async recordWrite(request: DashboardRequest): Promise<void> {
    const admin = request[ADMIN];
    if (!admin) throw new AppError('unauthenticated', 'sign in to the admin UI, or send Authorization: Bearer <token>');
    const pattern = request.routeOptions.url ?? '';
    const route = pattern.startsWith(QUEUE_DASHBOARD_PATH) ? pattern.slice(QUEUE_DASHBOARD_PATH.length) : pattern;
    const command = dashboardCommand(request.method, route, request.params, request.body);
    if (!command) throw new AppError('forbidden', `the queue dashboard does not offer ${request.method} ${route}: it is not audited`);
    const ctx = { actor: actorOf(admin), requestId: requestIdOf(request.raw) };
    try {
      await this.prisma.$transaction((tx) => this.audit.record(tx, ctx, command));
    } catch (error) {
      this.logger.warn(
        `queue dashboard ${command.action} refused: its audit entry was not written (${error instanceof Error ? error.message : String(error)})`,
      );
      throw new AppError('unavailable', `the audit entry for ${command.action} could not be written, so nothing was done: try again`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
    this.connection?.disconnect();
  }
}
