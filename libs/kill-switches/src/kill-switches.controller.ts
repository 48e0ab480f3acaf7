import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { IdParam } from '@killswitch/http';
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
@ApiBearerAuth()
@Controller('v1/kill-switches')
export class KillSwitchesController {
  constructor(private readonly kills: KillSwitchesService) {}

  @Post()
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: CreatedKillSwitch, description: 'takes effect at once' })
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateKillSwitchDto): Promise<CreatedKillSwitch> {
    return this.kills.create(ctx, dto);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: KillSwitchPreview, description: 'the impact of a scope, without acting' })
  preview(@Body() dto: PreviewKillSwitchDto): Promise<KillSwitchPreview> {
    return this.kills.preview(dto.scope);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: KillSwitchPage })
  list(@Query() query: KillSwitchListQuery): Promise<KillSwitchPage> {
    return this.kills.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: KillSwitchView })
  get(@IdParam() id: string): Promise<KillSwitchView> {
    return this.kills.get(id);
  }
}
