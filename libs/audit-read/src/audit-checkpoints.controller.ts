import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@killswitch/http';
import { PageQuery, Role } from '@killswitch/db';
import { ANY_ROLE, Ctx, RequestContext, Roles } from '@killswitch/identity';
import { CheckpointsService } from './checkpoints.service';
import { CheckpointPage, CheckpointView } from './dto/checkpoint.dto';

@ApiTags('audit')
@Controller('v1/audit/checkpoints')
export class AuditCheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  @Post()
  @Roles(Role.admin)
  @ApiCreatedResponse({
    type: CheckpointView,
    description: 'verifies the chain since the last checkpoint, signs its head, stores it and appends it to the export file; 409 if the chain does not verify',
  })
  @ApiOperation({ summary: 'Sign and export an audit checkpoint of the chain head' })
  @ApiErrors('audit_chain_broken', 'audit_chain_truncated', ['unavailable', 'the audit checkpoint could not be exported; nothing was recorded'])
  create(@Ctx() ctx: RequestContext): Promise<CheckpointView> {
    return this.checkpoints.create(ctx.actor, ctx.requestId);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: CheckpointPage, description: 'newest first' })
  @ApiOperation({ summary: 'List signed audit checkpoints, newest first' })
  list(@Query() query: PageQuery): Promise<CheckpointPage> {
    return this.checkpoints.list(query);
  }
}
