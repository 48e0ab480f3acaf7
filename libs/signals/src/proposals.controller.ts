import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { ConfirmProposalDto, DismissProposalDto, ProposalDetail, ProposalListQuery, ProposalPage, ProposalView } from './dto/proposal.dto';
import { ProposalsService } from './proposals.service';

@ApiTags('proposals')
@Controller('v1/proposals')
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: ProposalPage, description: 'newest first' })
  @ApiOperation({ summary: 'List kill proposals, newest first' })
  list(@Query() query: ProposalListQuery): Promise<ProposalPage> {
    return this.proposals.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: ProposalDetail, description: 'with the impact of its scope now' })
  @ApiOperation({ summary: 'Get a proposal with the impact of its scope now' })
  @ApiErrors(['not_found', 'proposal 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@IdParam() id: string): Promise<ProposalDetail> {
    return this.proposals.get(id);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(Role.admin, Role.responder)
  @ApiOkResponse({ type: ProposalView, description: 'the kill, at once, on the proposal\u2019s incident, its reason citing the alert' })
  @ApiOperation({ summary: 'Confirm a proposal: the kill, at once' })
  @ApiErrors(['not_found', 'proposal 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'proposal_not_open')
  confirm(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: ConfirmProposalDto): Promise<ProposalView> {
    return this.proposals.confirm(ctx, id, dto);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @Roles(Role.admin, Role.responder)
  @ApiOkResponse({ type: ProposalView })
  @ApiOperation({ summary: 'Dismiss a proposal' })
  @ApiErrors(['not_found', 'proposal 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'proposal_not_open')
  dismiss(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: DismissProposalDto): Promise<ProposalView> {
    return this.proposals.dismiss(ctx, id, dto);
  }
}
