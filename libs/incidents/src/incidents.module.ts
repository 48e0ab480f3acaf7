import { Module } from '@nestjs/common';
import { CreateIncidentService } from './create-incident.service';
import { IncidentExportController } from './incident-export.controller';
import { IncidentQueriesService } from './incident-queries.service';
import { IncidentTimelineController } from './incident-timeline.controller';
import { IncidentTimelineService } from './incident-timeline.service';
import { IncidentsController } from './incidents.controller';
import { PostmortemService } from './postmortem.service';
import { UpdateIncidentService } from './update-incident.service';

/** Incidents: lifecycle, timeline, key timings and the postmortem export. */
@Module({
  controllers: [IncidentsController, IncidentTimelineController, IncidentExportController],
  providers: [CreateIncidentService, UpdateIncidentService, IncidentQueriesService, IncidentTimelineService, PostmortemService],
  exports: [IncidentQueriesService],
})
export class IncidentsModule {}
