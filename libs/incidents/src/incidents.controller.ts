import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { CreateIncidentService } from './create-incident.service';
import { CreateIncidentDto, IncidentDetail, IncidentListQuery, IncidentPage, IncidentView, UpdateIncidentDto } from './dto/incident.dto';
import { IncidentQueriesService } from './incident-queries.service';
import { UpdateIncidentService } from './update-incident.service';

@ApiTags('incidents')
@ApiBearerAuth()
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
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateIncidentDto): Promise<IncidentView> {
    return this.creating.create(ctx, dto);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: IncidentPage, description: 'newest first' })
  list(@Query() query: IncidentListQuery): Promise<IncidentPage> {
    return this.queries.list(query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: IncidentDetail, description: 'with its kill switches and key timings' })
  get(@IdParam() id: string): Promise<IncidentDetail> {
    return this.queries.get(id);
  }

  @Patch(':id')
  @Roles(Role.admin, Role.responder)
  @ApiOkResponse({ type: IncidentView })
  @ApiConflictResponse({ description: 'a status move the lifecycle does not allow; the message names the allowed next statuses' })
  update(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: UpdateIncidentDto): Promise<IncidentView> {
    return this.updating.update(ctx, id, dto);
  }
}
