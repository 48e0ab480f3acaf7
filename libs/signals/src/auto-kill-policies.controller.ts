import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { fourEyesRefusals } from '@killswitch/kill-switches';
import { AutoKillPolicyPage, AutoKillPolicyView, CreateAutoKillPolicyDto } from './dto/auto-kill-policy.dto';
import { AUTO_KILL_POLICY, AutoKillPoliciesService, POLICY_APPROVERS } from './auto-kill-policies.service';

@ApiTags('auto-kill-policies')
@Controller('v1/auto-kill-policies')
export class AutoKillPoliciesController {
  constructor(private readonly policies: AutoKillPoliciesService) {}

  @Post()
  @Roles(Role.admin)
  @ApiCreatedResponse({ type: AutoKillPolicyView, description: 'pending: in force once another person approves it' })
  @ApiOperation({ summary: 'Write an auto-kill policy (pending until approved)' })
  @ApiErrors('already_exists')
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateAutoKillPolicyDto): Promise<AutoKillPolicyView> {
    return this.policies.create(ctx, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...POLICY_APPROVERS)
  @ApiOkResponse({ type: AutoKillPolicyView, description: 'never by its author, never through an API token (four eyes)' })
  @ApiOperation({ summary: 'Approve an auto-kill policy (a second person)' })
  @ApiErrors(
    ['not_found', 'auto-kill policy 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'],
    'auto_kill_policy_not_pending',
    ...fourEyesRefusals('approve', AUTO_KILL_POLICY),
  )
  approve(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<AutoKillPolicyView> {
    return this.policies.approve(ctx, id);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({
    type: AutoKillPolicyPage,
    description:
      'each with autoKilledDevices (how much of maxAffectedDevices its kills in force use now) and, while pending, whether you may approve it (youMayDecide, whyNot)',
  })
  @ApiOperation({ summary: 'List auto-kill policies' })
  list(@UserCtx() ctx: UserContext, @Query() query: PageQuery): Promise<AutoKillPolicyPage> {
    return this.policies.list(ctx, query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({
    type: AutoKillPolicyView,
    description:
      'with autoKilledDevices (how much of maxAffectedDevices its kills in force use now) and, while pending, whether you may approve it (youMayDecide, whyNot)',
  })
  @ApiOperation({ summary: 'Get an auto-kill policy' })
  @ApiErrors(['not_found', 'auto-kill policy 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<AutoKillPolicyView> {
    return this.policies.get(ctx, id);
  }

  @Delete(':id')
  @Roles(Role.admin)
  @ApiOkResponse({ type: AutoKillPolicyView, description: 'disabled at once, by one person' })
  @ApiOperation({ summary: 'Disable an auto-kill policy' })
  @ApiErrors(['not_found', 'auto-kill policy 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'auto_kill_policy_disabled')
  disable(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<AutoKillPolicyView> {
    return this.policies.disable(ctx, id);
  }
}
