import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IncidentStatus, PageQuery, Severity } from '@killswitch/db';
import { TimestampField } from './timestamp.field';

const TITLE_RULE = 'title must be 3 to 200 characters on one line, not only spaces';
const SUMMARY_RULE = 'summary must be a string of at most 10000 characters';
const SEVERITY_RULE = 'severity must be one of SEV1, SEV2, SEV3, SEV4';
const STATUS_RULE = 'status must be one of triage, investigating, mitigated, resolved, closed';
/** One line: no control characters (a title lands in headings and file names). */
const ONE_LINE = /^[^\p{Cc}]*$/u;

export class CreateIncidentDto {
  @ApiProperty({ example: 'Mijia cameras show strangers\u2019 feeds on Nest Hubs' })
  @IsString({ message: TITLE_RULE })
  @MinLength(3, { message: TITLE_RULE })
  @MaxLength(200, { message: TITLE_RULE })
  @Matches(ONE_LINE, { message: TITLE_RULE })
  @Matches(/\S/, { message: TITLE_RULE })
  title!: string;

  @ApiProperty({ enum: Severity, example: Severity.SEV1 })
  @IsEnum(Severity, { message: SEVERITY_RULE })
  severity!: Severity;

  @ApiPropertyOptional({ example: 'A public post shows still images from other homes.' })
  @IsOptional()
  @IsString({ message: SUMMARY_RULE })
  @MaxLength(10_000, { message: SUMMARY_RULE })
  summary?: string;

  @TimestampField('reportedAt', 'when the report arrived (default: now); the key timings start here. At most a minute ahead of the server clock.')
  reportedAt?: string;
}

/** A partial update. `summary: null` clears the summary; the other fields cannot be null. */
export class UpdateIncidentDto {
  @ApiPropertyOptional()
  @ValidateIf((o: UpdateIncidentDto) => o.title !== undefined)
  @IsString({ message: TITLE_RULE })
  @MinLength(3, { message: TITLE_RULE })
  @MaxLength(200, { message: TITLE_RULE })
  @Matches(ONE_LINE, { message: TITLE_RULE })
  @Matches(/\S/, { message: TITLE_RULE })
  title?: string;

  @ApiPropertyOptional({ enum: Severity })
  @ValidateIf((o: UpdateIncidentDto) => o.severity !== undefined)
  @IsEnum(Severity, { message: SEVERITY_RULE })
  severity?: Severity;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @IsString({ message: SUMMARY_RULE })
  @MaxLength(10_000, { message: SUMMARY_RULE })
  summary?: string | null;

  @ApiPropertyOptional({
    enum: IncidentStatus,
    description:
      'one step forward at a time (triage → investigating → mitigated → resolved → closed), or back to investigating from mitigated or resolved; closed is final',
  })
  @ValidateIf((o: UpdateIncidentDto) => o.status !== undefined)
  @IsEnum(IncidentStatus, { message: STATUS_RULE })
  status?: IncidentStatus;
}

export class IncidentListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IncidentStatus, description: 'only incidents in this status' })
  @IsOptional()
  @IsEnum(IncidentStatus, { message: STATUS_RULE })
  status?: IncidentStatus;

  @ApiPropertyOptional({ enum: Severity, description: 'only incidents of this severity' })
  @IsOptional()
  @IsEnum(Severity, { message: SEVERITY_RULE })
  severity?: Severity;
}

export class IncidentView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: Severity }) severity!: Severity;
  @ApiProperty({ enum: IncidentStatus }) status!: IncidentStatus;
  @ApiProperty({ enum: IncidentStatus, isArray: true, description: 'the statuses a PATCH may move it to now' }) nextStatuses!: IncidentStatus[];
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty() reportedAt!: Date;
  @ApiProperty({ nullable: true, type: String }) createdById!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) mitigatedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) closedAt!: Date | null;
}

export class IncidentPage {
  @ApiProperty({ type: [IncidentView] }) items!: IncidentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class IncidentKillSwitch {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['active', 'lift-requested', 'lifting', 'lifted'] }) state!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'as written: { vendor, integration?, vendorModel?, vendorFirmware?, … }' })
  scope!: Record<string, unknown>;
  @ApiProperty({ example: 'xiaomi.camera-stream, vendor firmware lt 3.5.1_00.68' }) scopeText!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() affectedDevices!: number;
  @ApiProperty({ nullable: true, type: String, description: 'the revocation that pushed the kill' }) revocationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) createdById!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the email of its author' }) createdBy!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) liftedAt!: Date | null;
}

export class Timing {
  @ApiProperty({ description: 'milliseconds from `from` to `to`' }) ms!: number;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
}

/** Null where not reached yet. All measured from the first kill switch linked to the incident. */
export class KeyTimings {
  @ApiProperty({ nullable: true, type: String }) firstKillSwitchId!: string | null;
  @ApiProperty({ nullable: true, type: Timing, description: 'reportedAt → the first kill' }) reportToFirstKill!: Timing | null;
  @ApiProperty({ nullable: true, type: Timing, description: 'the first kill → 99 % of its devices acknowledged' }) killToAck99!: Timing | null;
  @ApiProperty({ nullable: true, type: Timing, description: 'the first kill → its lift' }) killToLift!: Timing | null;
}

export class IncidentDetail extends IncidentView {
  @ApiProperty({ type: [IncidentKillSwitch] }) killSwitches!: IncidentKillSwitch[];
  @ApiProperty({ type: KeyTimings }) timings!: KeyTimings;
}
