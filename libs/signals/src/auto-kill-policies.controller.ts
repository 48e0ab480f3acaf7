import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { AutoKillPolicyPage, AutoKillPolicyView, CreateAutoKillPolicyDto } from './dto/auto-kill-policy.dto';
import { AutoKillPoliciesService } from './auto-kill-policies.service';

@ApiTags('auto-kill-policies')
@ApiBearerAuth()
@Controller('v1/auto-kill-policies')
export class AutoKillPoliciesController {
  constructor(private readonly policies: AutoKillPoliciesService) {}

  @Post()
  @Roles(Role.admin)
  @ApiCreatedResponse({ type: AutoKillPolicyView, description: 'pending: in force once another person approves it' })
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateAutoKillPolicyDto): Promise<AutoKillPolicyView> {
    return this.policies.create(ctx, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(Role.admin)
  @ApiOkResponse({ type: AutoKillPolicyView, description: 'never by its author, never through an API token (four eyes)' })
  approve(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<AutoKillPolicyView> {
    return this.policies.approve(ctx, id);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: AutoKillPolicyPage })
  list(@Query() query: PageQuery): Promise<AutoKillPolicyPage> {
    return this.policies.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: AutoKillPolicyView })
  get(@IdParam() id: string): Promise<AutoKillPolicyView> {
    return this.policies.get(id);
  }

  @Delete(':id')
  @Roles(Role.admin)
  @ApiOkResponse({ type: AutoKillPolicyView, description: 'disabled at once, by one person' })
  disable(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<AutoKillPolicyView> {
    return this.policies.disable(ctx, id);
  }
}
