import { Body, Controller, Get, HttpCode, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiNotModifiedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppError } from '@killswitch/http';
import { AuthenticatedRequest, Ctx, DeviceOnly, DevicePrincipal, RequestContext } from '@killswitch/identity';
import { FlagsBody, ReportInventoryDto } from './dto/inventory.dto';
import { FlagsService } from './flags.service';
import { InventoryService } from './inventory.service';
import { etagMatches } from './etag';

/** The device side: a device reads and reports only its own data, by its own credential. */
@ApiTags('device')
@ApiBearerAuth()
@Controller('v1/device')
export class DeviceController {
  constructor(
    private readonly flags: FlagsService,
    private readonly inventory: InventoryService,
  ) {}

  /** The hot path: no database round trip unless this process has never seen the device. */
  @Get('flags')
  @DeviceOnly()
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: FlagsBody, headers: { ETag: { description: 'changes when the answer, the key or the freshness bucket does' } } })
  @ApiNotModifiedResponse({ description: 'the snapshot the device holds is still the answer, and still fresh' })
  async getFlags(@Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const { deviceId } = request.principal as DevicePrincipal;
    const answer = await this.flags.answer(deviceId);
    if (!answer) throw new AppError('unauthenticated', 'this device is decommissioned');
    void reply.header('etag', answer.etag).header('cache-control', 'private, no-cache');
    if (etagMatches(request.headers['if-none-match'], answer.etag)) {
      void reply.code(304).send();
      return;
    }
    void reply.header('content-type', 'application/json; charset=utf-8').send(answer.body);
  }

  @Put('inventory')
  @HttpCode(204)
  @DeviceOnly()
  @ApiNoContentResponse({ description: 'stored; the next GET /v1/device/flags answers for it' })
  async reportInventory(@Ctx() ctx: RequestContext, @Body() dto: ReportInventoryDto): Promise<void> {
    await this.inventory.replace(ctx, (ctx.principal as DevicePrincipal).deviceId, dto.items);
  }
}
