import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import {
  ApproveLiftRequestDto,
  CreateLiftRequestDto,
  LiftActionDto,
  LiftRequestListQuery,
  LiftRequestPage,
  LiftRequestView,
  RejectLiftRequestDto,
} from './dto/lift-request.dto';
import { LiftDecisionsService } from './lift-decisions.service';
import { LiftProgressionService } from './lift-progression.service';
import { DECIDING_ROLES, fourEyesRefusals } from './four-eyes';
import { LiftRequestsService } from './lift-requests.service';

const OPERATORS = [Role.admin, Role.responder, Role.approver];

@ApiTags('lift-requests')
@Controller('v1')
export class LiftRequestsController {
  constructor(
    private readonly requests: LiftRequestsService,
    private readonly decisions: LiftDecisionsService,
    private readonly progression: LiftProgressionService,
  ) {}

  @Post('kill-switches/:id/lift-requests')
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: LiftRequestView, description: 'pending until a second person approves; with breakGlass (admins), lifted at once' })
  @ApiOperation({ summary: 'Request the lift of a kill switch (or break glass)' })
  @ApiErrors(
    ['not_found', 'kill switch 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'],
    'kill_not_active',
    'break_glass_admin_only',
    'break_glass_person_only',
  )
  create(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: CreateLiftRequestDto): Promise<LiftRequestView> {
    return this.requests.request(ctx, id, dto);
  }

  @Get('lift-requests')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: LiftRequestPage, description: 'each request still open to a decision says whether you may make it (youMayDecide, whyNot)' })
  @ApiOperation({ summary: 'List lift requests' })
  list(@UserCtx() ctx: UserContext, @Query() query: LiftRequestListQuery): Promise<LiftRequestPage> {
    return this.requests.list(ctx, query);
  }

  @Get('lift-requests/:id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: LiftRequestView, description: 'while it is open to a decision, whether you may make it (youMayDecide, whyNot)' })
  @ApiOperation({ summary: 'Get a lift request' })
  @ApiErrors(['not_found', 'lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<LiftRequestView> {
    return this.requests.get(ctx, id);
  }

  @Post('lift-requests/:id/approve')
  @HttpCode(200)
  @Roles(...DECIDING_ROLES)
  @ApiOkResponse({ type: LiftRequestView, description: 'the first stage takes effect at once; never by the requester, never through an API token' })
  @ApiOperation({ summary: 'Approve a lift request (a second person)' })
  @ApiErrors(['not_found', 'lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'lift_already_decided', ...fourEyesRefusals('approve'))
  approve(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: ApproveLiftRequestDto): Promise<LiftRequestView> {
    return this.decisions.approve(ctx, id, dto.reason);
  }

  @Post('lift-requests/:id/reject')
  @HttpCode(200)
  @Roles(...DECIDING_ROLES)
  @ApiOkResponse({ type: LiftRequestView, description: 'the kill returns to active' })
  @ApiOperation({ summary: 'Reject a lift request (a second person)' })
  @ApiErrors(['not_found', 'lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'lift_already_decided', ...fourEyesRefusals('reject'))
  reject(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: RejectLiftRequestDto): Promise<LiftRequestView> {
    return this.decisions.reject(ctx, id, dto.reason);
  }

  @Post('lift-requests/:id/review')
  @HttpCode(200)
  @Roles(...DECIDING_ROLES)
  @ApiOkResponse({ type: LiftRequestView, description: 'a second person signs a break-glass lift off' })
  @ApiOperation({ summary: 'Sign a break-glass lift off (a second person)' })
  @ApiErrors(['not_found', 'lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'lift_review_not_pending', ...fourEyesRefusals('review'))
  review(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: LiftActionDto): Promise<LiftRequestView> {
    return this.decisions.review(ctx, id, dto.reason);
  }

  @Post('lift-requests/:id/advance')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOkResponse({ type: LiftRequestView, description: 'the next stage of an approved lift takes effect' })
  @ApiOperation({ summary: 'Advance an approved staged lift to its next stage' })
  @ApiErrors(['not_found', 'lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'lift_not_under_way')
  advance(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<LiftRequestView> {
    return this.progression.advance(ctx, id);
  }

  @Post('lift-requests/:id/abort')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOkResponse({ type: LiftRequestView, description: 'the kill is enforced for every device again' })
  @ApiOperation({ summary: 'Abort a lift: the kill is enforced again' })
  @ApiErrors(['not_found', 'lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'lift_not_under_way')
  abort(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: LiftActionDto): Promise<LiftRequestView> {
    return this.progression.abort(ctx, id, dto.reason);
  }
}
