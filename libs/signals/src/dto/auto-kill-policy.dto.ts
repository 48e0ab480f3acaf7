import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IntegrationKeyField, SlugField } from '@killswitch/devices';
import { DecisionRefusal } from '@killswitch/kill-switches';
import { SOURCE, SOURCE_RULE } from './signal.dto';

export const MAX_POLICY_DEVICES = 10_000_000;
const NAME_RULE = 'name must be 3 to 100 characters on one line, not only spaces';
const ALERTNAME_RULE = 'match.alertname must be 1 to 200 characters on one line';
const LIMIT_RULE = `maxAffectedDevices must be a whole number from 1 to ${MAX_POLICY_DEVICES}`;

export class AutoKillMatchDto {
  @ApiPropertyOptional({ description: 'the alert\u2019s alertname label; any alert if omitted', example: 'CameraFeedLeak' })
  @IsOptional()
  @IsString({ message: ALERTNAME_RULE })
  @MinLength(1, { message: ALERTNAME_RULE })
  @MaxLength(200, { message: ALERTNAME_RULE })
  @Matches(/^[^\p{Cc}]*$/u, { message: ALERTNAME_RULE })
  alertname?: string;

  @ApiPropertyOptional({ description: '`alertmanager` or a generic signal\u2019s source; any if omitted', example: 'alertmanager' })
  @IsOptional()
  @Matches(SOURCE, { message: `match.source must be ${SOURCE_RULE}` })
  source?: string;

  @SlugField('match.vendor', { example: 'xiaomi' })
  vendor!: string;
}

export class CreateAutoKillPolicyDto {
  @ApiProperty({ example: 'camera leak kills xiaomi camera streaming' })
  @IsString({ message: NAME_RULE })
  @MinLength(3, { message: NAME_RULE })
  @MaxLength(100, { message: NAME_RULE })
  @Matches(/^[^\p{Cc}]*$/u, { message: NAME_RULE })
  @Matches(/\S/, { message: NAME_RULE })
  name!: string;

  @ApiProperty({ type: AutoKillMatchDto })
  @IsDefined({ message: 'match is required: { alertname?, source?, vendor }' })
  @IsObject({ message: 'match must be an object' })
  @ValidateNested()
  @Type(() => AutoKillMatchDto)
  match!: AutoKillMatchDto;

  @IntegrationKeyField('integration', { example: 'xiaomi.camera-stream' })
  integration!: string;

  @ApiProperty({
    description:
      'the most devices its automatic kills in force (not lifted) may hold off in all, each device counted once: a proposal whose kill would take them past it stays a proposal for a responder',
    example: 500,
  })
  @IsInt({ message: LIMIT_RULE })
  @Min(1, { message: LIMIT_RULE })
  @Max(MAX_POLICY_DEVICES, { message: LIMIT_RULE })
  maxAffectedDevices!: number;
}

export class AutoKillPolicyView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['pending', 'active', 'disabled'], description: 'pending until a second person approves it' }) state!: string;
  @ApiProperty({ type: AutoKillMatchDto }) match!: AutoKillMatchDto;
  @ApiProperty() integration!: string;
  @ApiProperty({ description: 'the most devices its automatic kills in force may hold off in all' }) maxAffectedDevices!: number;
  @ApiPropertyOptional({
    description:
      'on GET /v1/auto-kill-policies (from a read replica when there is one: may be a moment stale) and GET /v1/auto-kill-policies/:id (from the primary): the distinct devices its automatic kills in force (not lifted) match now, which count against maxAffectedDevices',
    example: 120,
  })
  autoKilledDevices?: number;
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: String }) approvedById!: string | null;
  @ApiProperty({ nullable: true, type: Date }) approvedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) disabledById!: string | null;
  @ApiProperty({ nullable: true, type: Date }) disabledAt!: Date | null;
  @ApiPropertyOptional({
    description:
      'set while pending: whether you may approve it, by the checks the approve route makes (your roles, four eyes), which still refuses what it refuses',
  })
  youMayDecide?: boolean;
  @ApiPropertyOptional({ type: DecisionRefusal, description: 'when youMayDecide is false: why, as the approve route would answer' })
  whyNot?: DecisionRefusal;
}

export class AutoKillPolicyPage {
  @ApiProperty({ type: [AutoKillPolicyView] }) items!: AutoKillPolicyView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
