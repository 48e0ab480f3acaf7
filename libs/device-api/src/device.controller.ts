import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, DeviceOnly, DevicePrincipal, RequestContext } from '@killswitch/identity';
import { ReportInventoryDto } from './dto/inventory.dto';
import { InventoryService } from './inventory.service';

/** The device side: a device reports only its own data, by its own credential. GET /v1/device/flags is poll.route.ts. */
@ApiTags('device')
@ApiBearerAuth()
@Controller('v1/device')
export class DeviceController {
  constructor(private readonly inventory: InventoryService) {}

  @Put('inventory')
  @HttpCode(204)
  @DeviceOnly()
  @ApiNoContentResponse({ description: 'stored; the next GET /v1/device/flags answers for it' })
  async reportInventory(@Ctx() ctx: RequestContext, @Body() dto: ReportInventoryDto): Promise<void> {
    await this.inventory.replace(ctx, (ctx.principal as DevicePrincipal).deviceId, dto.items);
  }
}
