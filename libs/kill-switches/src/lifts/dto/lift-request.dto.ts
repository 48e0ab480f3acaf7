import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  Matches,
} from 'class-validator';
import { PageQuery } from '@killswitch/db';
import type { PublicErrorCode } from '@killswitch/http';
import { fourEyesRefusals } from '../four-eyes';

const REASON_RULE = 'in 3 to 2000 characters';
const STAGES_RULE = 'stages must be ascending whole percentages from 1 to 100, ending at 100 (for example [1, 10, 100])';
export const LIFT_REQUEST_STATES = ['pending', 'approved', 'rejected', 'aborted', 'completed'] as const;

/** Ascending, distinct, ending at 100: a lift covers the whole kill (DESIGN.md: Kill states). */
function isStagePlan(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  return value.every((p, i) => Number.isInteger(p) && p >= 1 && p <= 100 && (i === 0 || p > value[i - 1])) && value[value.length - 1] === 100;
}

export class CreateLiftRequestDto {
  @ApiProperty({ example: 'Xiaomi shipped 3.5.1_00.68; old firmware stays off through the narrow kill' })
  @IsString({ message: 'reason must be a string' })
  @MinLength(3, { message: `reason is required: say why, ${REASON_RULE}` })
  @MaxLength(2000, { message: `reason is required: say why, ${REASON_RULE}` })
  @Matches(/\S/, { message: 'reason must say why in words, not only spaces' })
  reason!: string;

  @ApiPropertyOptional({ type: [Number], example: [1, 10, 100], description: 'staged lift: percentages of devices released at each step; default [100]' })
  @IsOptional()
  @IsArray({ message: STAGES_RULE })
  @ArrayMinSize(1, { message: STAGES_RULE })
  @ArrayMaxSize(10, { message: 'stages may have at most 10 steps' })
  @ValidateBy({ name: 'isStagePlan', validator: { validate: isStagePlan, defaultMessage: () => STAGES_RULE } })
  stages?: number[];

  @ApiPropertyOptional({ description: 'advance to the next stage by itself after this many seconds (1 to 604800); otherwise by an explicit advance' })
  @IsOptional()
  @IsInt({ message: 'stageIntervalSec must be a whole number of seconds from 1 to 604800' })
  @Min(1, { message: 'stageIntervalSec must be a whole number of seconds from 1 to 604800' })
  @Max(604_800, { message: 'stageIntervalSec must be a whole number of seconds from 1 to 604800' })
  stageIntervalSec?: number;

  @ApiPropertyOptional({ description: 'admins only: lift at once without a second person; a review is left for someone else to sign off' })
  @IsOptional()
  @IsBoolean({ message: 'breakGlass must be true or false' })
  breakGlass?: boolean;
}

export class ApproveLiftRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'reason must be a string' })
  @MaxLength(2000, { message: 'reason must be at most 2000 characters' })
  reason?: string;
}

export class RejectLiftRequestDto {
  @ApiProperty({ example: 'the fix is not verified yet' })
  @IsString({ message: 'reason must be a string' })
  @MinLength(3, { message: `reason is required to reject: say why, ${REASON_RULE}` })
  @MaxLength(2000, { message: `reason is required to reject: say why, ${REASON_RULE}` })
  @Matches(/\S/, { message: 'reason must say why in words, not only spaces' })
  reason!: string;
}

/** advance, abort and review take an optional reason. */
export class LiftActionDto extends ApproveLiftRequestDto {}

export class LiftRequestListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LIFT_REQUEST_STATES, description: 'only lift requests in this state' })
  @IsOptional()
  @IsIn(LIFT_REQUEST_STATES, { message: `state must be one of ${LIFT_REQUEST_STATES.join(', ')}` })
  state?: (typeof LIFT_REQUEST_STATES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'only the lift requests of this kill switch' })
  @IsOptional()
  @IsUUID('all', { message: 'killSwitchId must be a UUID' })
  killSwitchId?: string;
}

/** Why the person reading a request may not decide it: the code and message its route would answer with a 403. */
export class DecisionRefusal {
  @ApiProperty({
    enum: ['forbidden', ...fourEyesRefusals('approve').map(([code]) => code)],
    description: '`forbidden`: you hold none of the roles the route needs; the others are the four-eyes refusals (docs/security.md)',
  })
  code!: PublicErrorCode;

  @ApiProperty({ description: 'for people: the words the route would answer', example: 'you requested this lift: a second person must approve it (four eyes)' })
  message!: string;
}

const YOU_MAY_DECIDE =
  'set while something is left to decide (pending: approve or reject; a break-glass review owed: sign it off): whether you may, by the checks its routes make (your roles, four eyes), which still refuse what they refuse';

export class LiftRequestView {
  @ApiProperty() id!: string;
  @ApiProperty() killSwitchId!: string;
  @ApiProperty({ enum: LIFT_REQUEST_STATES }) state!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [Number] }) stages!: number[];
  @ApiProperty({ nullable: true, type: Number }) stageIntervalSec!: number | null;
  @ApiProperty({ description: 'index into stages of the stage in force; -1 before approval' }) currentStage!: number;
  @ApiProperty({ description: 'percentage of devices released so far' }) releasedPercent!: number;
  @ApiProperty() breakGlass!: boolean;
  @ApiProperty() requestedById!: string;
  @ApiProperty() requestedAt!: Date;
  @ApiProperty({ nullable: true, type: String }) decidedById!: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) nextStageAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'break glass: who signed the review off' }) reviewedById!: string | null;
  @ApiProperty({ nullable: true, type: Date }) reviewedAt!: Date | null;
  @ApiProperty({ description: 'break glass: a review is still owed' }) reviewPending!: boolean;
  @ApiPropertyOptional({ description: YOU_MAY_DECIDE }) youMayDecide?: boolean;
  @ApiPropertyOptional({ type: DecisionRefusal, description: 'when youMayDecide is false: why, as the approve (or review) route would answer' })
  whyNot?: DecisionRefusal;
}

export class LiftRequestPage {
  @ApiProperty({ type: [LiftRequestView] }) items!: LiftRequestView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
