import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { AcksService } from '@killswitch/revocations';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@killswitch/http';
import { DeviceContext, DeviceCtx, DeviceOnly } from '@killswitch/identity';
import { AckDto, ReportInventoryDto } from './dto/inventory.dto';
import { DeviceSightings } from './device-sightings';
import { InventoryService } from './inventory.service';

/** The device side: a device reports only its own data, by its own credential. GET /v1/device/flags is poll.route.ts. */
@ApiTags('device')
@Controller('v1/device')
export class DeviceController {
  constructor(
    private readonly inventory: InventoryService,
    private readonly acks: AcksService,
    private readonly sightings: DeviceSightings,
  ) {}

  @Post('acks')
  @HttpCode(200)
  @DeviceOnly()
  @ApiOkResponse({ description: '{ rev, acknowledged }: deliveries closed by this ack (0 when repeated)' })
  @ApiOperation({ summary: 'Acknowledge the revision a device has applied' })
  @ApiErrors(['conflict', 'rev is ahead of the current revision'])
  ack(@DeviceCtx() ctx: DeviceContext, @Body() dto: AckDto): Promise<{ rev: number; acknowledged: number }> {
    this.sightings.seen(ctx.principal.deviceId);
    return this.acks.ack(ctx.principal.deviceId, dto.rev);
  }

  @Put('inventory')
  @HttpCode(204)
  @DeviceOnly()
  @ApiNoContentResponse({ description: 'stored; the next GET /v1/device/flags answers for it' })
  @ApiOperation({ summary: "Replace the device's inventory (firmware, integrations)" })
  @ApiErrors(['unauthenticated', 'this device is decommissioned'], 'unknown_integration')
  async reportInventory(@DeviceCtx() ctx: DeviceContext, @Body() dto: ReportInventoryDto): Promise<void> {
    await this.inventory.replace(ctx, ctx.principal.deviceId, dto.items);
  }
}
