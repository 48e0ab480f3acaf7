import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IncidentKillSwitch, IncidentView, KeyTimings } from './incident.dto';
import { TimelineEntryView } from './timeline.dto';

export const EXPORT_FORMATS = ['json', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ExportQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: 'format must be md or json' })
  format?: ExportFormat;
}

export class ActorAction {
  @ApiProperty({ description: '`open` (opened the incident) or a timeline entry type' }) action!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ format: 'date-time' }) first!: string;
  @ApiProperty({ format: 'date-time' }) last!: string;
}

export class PostmortemActor {
  @ApiProperty() actor!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ type: [ActorAction] }) actions!: ActorAction[];
}

export class PostmortemIncident extends IncidentView {
  @ApiProperty({ nullable: true, type: String, description: 'who opened it' }) createdBy!: string | null;
}

export class Postmortem {
  @ApiProperty({ example: 'killswitch.postmortem/v1' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: PostmortemIncident }) incident!: PostmortemIncident;
  @ApiProperty({ type: KeyTimings }) timings!: KeyTimings;
  @ApiProperty({ type: [IncidentKillSwitch] }) killSwitches!: IncidentKillSwitch[];
  @ApiProperty({ type: [TimelineEntryView], description: 'every entry, ordered by at then id' }) timeline!: TimelineEntryView[];
  @ApiProperty({ type: [PostmortemActor], description: 'who did what, from the timeline' }) actors!: PostmortemActor[];
}
