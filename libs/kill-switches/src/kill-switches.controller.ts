import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import {
  CreateKillSwitchDto,
  CreatedKillSwitch,
  KillSwitchListQuery,
  KillSwitchPage,
  KillSwitchPreview,
  KillSwitchView,
  PreviewKillSwitchDto,
} from './dto/kill-switch.dto';
import { KillSwitchesService } from './kill-switches.service';

@ApiTags('kill-switches')
@Controller('v1/kill-switches')
export class KillSwitchesController {
  constructor(private readonly kills: KillSwitchesService) {}

  @Post()
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: CreatedKillSwitch, description: 'takes effect at once' })
  @ApiOperation({ summary: 'Kill an integration for a scope of devices, at once' })
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateKillSwitchDto): Promise<CreatedKillSwitch> {
    return this.kills.create(ctx, dto);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: KillSwitchPreview, description: 'the impact of a scope, without acting' })
  @ApiOperation({ summary: 'Preview the devices a scope would kill, without acting' })
  preview(@Body() dto: PreviewKillSwitchDto): Promise<KillSwitchPreview> {
    return this.kills.preview(dto.scope);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: KillSwitchPage })
  @ApiOperation({ summary: 'List kill switches, newest first' })
  list(@Query() query: KillSwitchListQuery): Promise<KillSwitchPage> {
    return this.kills.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: KillSwitchView })
  @ApiOperation({ summary: 'Get a kill switch with its revocation progress' })
  @ApiErrors(['not_found', 'kill switch 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@IdParam() id: string): Promise<KillSwitchView> {
    return this.kills.get(id);
  }
}
