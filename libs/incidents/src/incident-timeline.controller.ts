import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { CreateNoteDto, TimelineEntryView, TimelinePage } from './dto/timeline.dto';
import { IncidentTimelineService } from './incident-timeline.service';

@ApiTags('incidents')
@Controller('v1/incidents/:id/timeline')
export class IncidentTimelineController {
  constructor(private readonly timeline: IncidentTimelineService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: TimelinePage, description: 'ordered by at, then id' })
  @ApiOperation({ summary: "List an incident's timeline" })
  @ApiErrors(['not_found', 'incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  list(@IdParam() id: string, @Query() query: PageQuery): Promise<TimelinePage> {
    return this.timeline.list(id, query);
  }

  @Post()
  @Roles(Role.admin, Role.responder, Role.approver)
  @ApiCreatedResponse({ type: TimelineEntryView, description: 'a note, signed by the caller' })
  @ApiOperation({ summary: "Add a note to an incident's timeline" })
  @ApiErrors(['not_found', 'incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  addNote(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: CreateNoteDto): Promise<TimelineEntryView> {
    return this.timeline.addNote(ctx, id, dto);
  }
}
