import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CURSOR_KEY, DEFAULT_PAGE_SIZE, ReadReplica, decodeCursor, toPage } from '@killswitch/db';
import { ApiErrors, AppError, IdParam, streamOpened } from '@killswitch/http';
import { ANY_ROLE, Ctx, RequestContext, Roles, StreamCredentials } from '@killswitch/identity';
import { DeliveriesExportQuery, DeliveriesQuery, DeliveryPage, RevocationViewDto } from './dto/revocation.dto';
import { deliveriesCsv } from './deliveries-csv';
import { ProgressHub, isComplete } from './progress-hub';
import { ProgressReads } from './progress-reads';
import { ProgressService } from './progress.service';
import { StreamQuota } from './stream-quota';

/** Seconds a client refused for holding too many streams is told to wait: about the time a stream takes to be noticed closed. */
const STREAM_RETRY_AFTER_SEC = 5;

@ApiTags('revocations')
@Controller('v1/revocations')
export class RevocationsController {
  constructor(
    private readonly progress: ProgressService,
    private readonly reads: ProgressReads,
    /** Delivery lists and exports may be a moment stale: the read replica serves them when there is one. */
    private readonly replica: ReadReplica,
    private readonly hub: ProgressHub,
    private readonly streams: StreamQuota,
    private readonly credentials: StreamCredentials,
  ) {}

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: RevocationViewDto })
  @ApiOperation({
    summary: "A revocation's progress: deliveries by state, milestones",
    description:
      'Counted for each request, except for a revocation whose count took PROGRESS_SHARED_READ_MIN_MS (50 ms) or more: its requests then share one count, which answers them for ten times as long as it took (at most 10 s).',
  })
  @ApiErrors(['not_found', 'revocation 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@IdParam() id: string): Promise<RevocationViewDto> {
    return this.reads.view(id);
  }

  @Get(':id/deliveries')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DeliveryPage })
  @ApiOperation({ summary: "List a revocation's deliveries, one a device" })
  @ApiErrors(['not_found', 'revocation 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  async deliveries(@IdParam() id: string, @Query() query: DeliveriesQuery): Promise<DeliveryPage> {
    await this.progress.mustExist(id);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) =>
      db.delivery.findMany({
        where: { revocationId: id, state: query.state, ...(after ? { deviceId: { gt: after } } : {}) },
        orderBy: { deviceId: 'asc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (d) => d.deviceId);
    return {
      items: page.items.map((d) => ({
        deviceId: d.deviceId,
        rev: Number(d.rev),
        state: d.state,
        attempts: d.attempts,
        lastError: d.lastError,
        queuedAt: d.queuedAt,
        sentAt: d.sentAt,
        acknowledgedAt: d.acknowledgedAt,
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id/deliveries/export')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "Every delivery of the revocation (or those in one state) as CSV, with each device's externalId; an attachment" })
  @ApiOkResponse({
    description: 'deviceId, externalId, state, rev, attempts, queuedAt, sentAt, acknowledgedAt, lastError; one line a device',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async exportDeliveries(@IdParam() id: string, @Query() query: DeliveriesExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    await this.progress.mustExist(id);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="revocation-${id}-${query.state ?? 'all'}-devices.csv"`);
    return deliveriesCsv(this.replica, id, query.state);
  }

  /**
   * Server-sent progress for the UI: an event whenever the counts change,
   * until 100 % or the client leaves. Every viewer of a revocation on this
   * instance shares one read a tick (ProgressHub); a principal may hold
   * STREAMS_PER_PRINCIPAL streams at once.
   */
  @Get(':id/events')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: "A revocation's progress as server-sent events",
    description: '`event: progress`, `data:` the body of GET /v1/revocations/:id, at once and on every change, until 100 % or the client leaves.',
  })
  @ApiResponse({
    status: 200,
    description: 'text/event-stream; Cache-Control: private, no-cache',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example: 'event: progress\ndata: {"id":"3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c","kind":"kill","rev":42,"target":1000,"progress":0.975}\n\n',
      },
    },
  })
  @ApiErrors(
    ['not_found', 'revocation 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'],
    ['rate_limited', 'too many progress streams open with this account: close one (each browser tab holds one)'],
  )
  async events(@IdParam() id: string, @Ctx() ctx: RequestContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const release = this.streams.take(`${ctx.actor.type}:${ctx.actor.id ?? ctx.actor.label}`);
    if (!release) {
      void reply.header('retry-after', String(STREAM_RETRY_AFTER_SEC));
      throw new AppError('rate_limited', 'too many progress streams open with this account: close one (each browser tab holds one)');
    }
    const raw = reply.raw;
    // A client gone while the stream opens (a closed tab, a dropped network) must give its slot back: the close it
    // sends during the join below would otherwise reach no listener, and the slot would be held until a restart.
    let gone = false;
    const noteGone = () => (gone = true);
    raw.once('close', noteGone);
    let joined: Awaited<ReturnType<ProgressHub['join']>>;
    try {
      joined = await this.hub.join(id, { send: (body) => raw.write(`event: progress\ndata: ${body}\n\n`), end: () => raw.end() });
    } catch (error) {
      release();
      throw error;
    } finally {
      raw.off('close', noteGone);
    }
    if (gone || raw.destroyed) {
      joined.leave();
      release();
      reply.hijack();
      return;
    }
    // Authorised once, when it opened: it ends when its credential does (logout, revocation, expiry, a disabled user).
    const unwatch = ctx.principal.kind === 'user' ? this.credentials.watch(ctx.principal, () => raw.end()) : () => {};
    const close = () => {
      unwatch();
      joined.leave();
      release();
    };
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'private, no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`event: progress\ndata: ${joined.body}\n\n`);
    request.raw.on('close', close);
    raw.on('close', close);
    if (isComplete(joined.view)) raw.end();
    else streamOpened(raw);
  }
}
