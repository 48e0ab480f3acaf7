import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { ANY_ROLE, Ctx, RequestContext, Roles } from '@killswitch/identity';
import { CheckpointsService } from './checkpoints.service';
import { CheckpointPage, CheckpointView } from './dto/checkpoint.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/checkpoints')
export class AuditCheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  @Post()
  @Roles(Role.admin)
  @ApiCreatedResponse({
    type: CheckpointView,
    description: 'verifies the chain since the last checkpoint, signs its head, stores it and appends it to the export file; 409 if the chain does not verify',
  })
  create(@Ctx() ctx: RequestContext): Promise<CheckpointView> {
    return this.checkpoints.create(ctx.actor, ctx.requestId);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: CheckpointPage, description: 'newest first' })
  list(@Query() query: PageQuery): Promise<CheckpointPage> {
    return this.checkpoints.list(query);
  }
}
