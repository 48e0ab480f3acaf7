import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CURSOR_KEY, DEFAULT_PAGE_SIZE, PrismaService, decodeCursor, toPage } from '@killswitch/db';
import { IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles } from '@killswitch/identity';
import { DeliveriesQuery, DeliveryPage, RevocationViewDto } from './dto/revocation.dto';
import { ProgressService } from './progress.service';

const PROGRESS_TICK_MS = 500;

@ApiTags('revocations')
@ApiBearerAuth()
@Controller('v1/revocations')
export class RevocationsController {
  constructor(
    private readonly progress: ProgressService,
    private readonly prisma: PrismaService,
  ) {}

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: RevocationViewDto })
  get(@IdParam() id: string): Promise<RevocationViewDto> {
    return this.progress.view(id);
  }

  @Get(':id/deliveries')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DeliveryPage })
  async deliveries(@IdParam() id: string, @Query() query: DeliveriesQuery): Promise<DeliveryPage> {
    await this.progress.view(id); // 404 for an unknown revocation
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.prisma.delivery.findMany({
      where: { revocationId: id, state: query.state, ...(after ? { deviceId: { gt: after } } : {}) },
      orderBy: { deviceId: 'asc' },
      take: limit + 1,
    });
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

  /** Server-sent progress for the UI: an event whenever the counts change, until 100 % or the client leaves. */
  @Get(':id/events')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'text/event-stream of the same body as GET /v1/revocations/:id, on every change' })
  async events(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let last = JSON.stringify(await this.progress.view(id));
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'private, no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`event: progress\ndata: ${last}\n\n`);
    const timer = setInterval(() => {
      void this.progress
        .view(id)
        .then((view) => {
          const body = JSON.stringify(view);
          if (body !== last) {
            last = body;
            raw.write(`event: progress\ndata: ${body}\n\n`);
          }
          if (view.progress >= 1 && view.fannedOutAt) raw.end();
        })
        .catch(() => raw.end());
    }, PROGRESS_TICK_MS);
    request.raw.on('close', () => clearInterval(timer));
    raw.on('close', () => clearInterval(timer));
  }
}
