import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { DevicesService } from './devices.service';
import { DeviceListQuery, DevicePage, DeviceView, EnrollDeviceDto, EnrolledDevice, RotatedCredential } from './dto/device.dto';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('v1/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post()
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: EnrolledDevice, description: 'the credential is shown once' })
  enroll(@UserCtx() ctx: UserContext, @Body() dto: EnrollDeviceDto): Promise<EnrolledDevice> {
    return this.devices.enroll(ctx, dto);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DevicePage })
  list(@Query() query: DeviceListQuery): Promise<DevicePage> {
    return this.devices.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DeviceView })
  get(@IdParam() id: string): Promise<DeviceView> {
    return this.devices.get(id);
  }

  @Post(':id/credential')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: RotatedCredential })
  rotate(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<RotatedCredential> {
    return this.devices.rotateCredential(ctx, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(Role.admin, Role.responder)
  decommission(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<void> {
    return this.devices.decommission(ctx, id);
  }
}
