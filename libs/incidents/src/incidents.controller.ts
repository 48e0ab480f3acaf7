import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { CreateIncidentService } from './create-incident.service';
import { CreateIncidentDto, IncidentDetail, IncidentListQuery, IncidentPage, IncidentView, UpdateIncidentDto } from './dto/incident.dto';
import { IncidentQueriesService } from './incident-queries.service';
import { UpdateIncidentService } from './update-incident.service';

@ApiTags('incidents')
@Controller('v1/incidents')
export class IncidentsController {
  constructor(
    private readonly creating: CreateIncidentService,
    private readonly updating: UpdateIncidentService,
    private readonly queries: IncidentQueriesService,
  ) {}

  @Post()
  @Roles(Role.admin, Role.responder)
  @ApiCreatedResponse({ type: IncidentView, description: 'opened in triage' })
  @ApiOperation({ summary: 'Open an incident' })
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateIncidentDto): Promise<IncidentView> {
    return this.creating.create(ctx, dto);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: IncidentPage, description: 'newest first' })
  @ApiOperation({ summary: 'List incidents, newest first' })
  list(@Query() query: IncidentListQuery): Promise<IncidentPage> {
    return this.queries.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: IncidentDetail, description: 'with its kill switches and key timings' })
  @ApiOperation({ summary: 'Get an incident with its kill switches and key timings' })
  @ApiErrors(['not_found', 'incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@IdParam() id: string): Promise<IncidentDetail> {
    return this.queries.get(id);
  }

  @Patch(':id')
  @Roles(Role.admin, Role.responder)
  @ApiOkResponse({ type: IncidentView })
  @ApiOperation({ summary: "Change an incident's status, severity or title" })
  @ApiErrors(['not_found', 'incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'incident_transition_not_allowed', 'incident_closed')
  update(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: UpdateIncidentDto): Promise<IncidentView> {
    return this.updating.update(ctx, id, dto);
  }
}
