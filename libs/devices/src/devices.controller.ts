import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation, ApiNoContentResponse } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { DevicesService } from './devices.service';
import { DeviceListQuery, DevicePage, DeviceView, EnrollDeviceDto, EnrolledDevice, RotatedCredential } from './dto/device.dto';

@ApiTags('devices')
@Controller('v1/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post()
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: EnrolledDevice, description: 'the credential is shown once' })
  @ApiOperation({ summary: 'Enroll a device: its credential is shown once' })
  @ApiErrors('unknown_integration', 'already_exists')
  enroll(@UserCtx() ctx: UserContext, @Body() dto: EnrollDeviceDto): Promise<EnrolledDevice> {
    return this.devices.enroll(ctx, dto);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DevicePage })
  @ApiOperation({ summary: 'List devices' })
  list(@Query() query: DeviceListQuery): Promise<DevicePage> {
    return this.devices.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DeviceView })
  @ApiOperation({ summary: 'Get a device' })
  @ApiErrors(['not_found', 'device 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@IdParam() id: string): Promise<DeviceView> {
    return this.devices.get(id);
  }

  @Post(':id/credential')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: RotatedCredential })
  @ApiOperation({ summary: "Rotate a device's credential" })
  @ApiErrors(['not_found', 'device 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'device_decommissioned')
  rotate(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<RotatedCredential> {
    return this.devices.rotateCredential(ctx, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(Role.admin, Role.responder)
  @ApiOperation({ summary: 'Decommission a device: its credential stops working' })
  @ApiNoContentResponse({ description: 'decommissioned: its credential no longer authenticates' })
  @ApiErrors(['not_found', 'device 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'device_decommissioned')
  decommission(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<void> {
    return this.devices.decommission(ctx, id);
  }
}
