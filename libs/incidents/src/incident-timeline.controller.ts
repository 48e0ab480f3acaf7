import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { CreateNoteDto, TimelineEntryView, TimelinePage } from './dto/timeline.dto';
import { IncidentTimelineService } from './incident-timeline.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('v1/incidents/:id/timeline')
export class IncidentTimelineController {
  constructor(private readonly timeline: IncidentTimelineService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: TimelinePage, description: 'ordered by at, then id' })
  list(@IdParam() id: string, @Query() query: PageQuery): Promise<TimelinePage> {
    return this.timeline.list(id, query);
  }

  @Post()
  @Roles(Role.admin, Role.responder, Role.approver)
  @ApiCreatedResponse({ type: TimelineEntryView, description: 'a note, signed by the caller' })
  addNote(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: CreateNoteDto): Promise<TimelineEntryView> {
    return this.timeline.addNote(ctx, id, dto);
  }
}
