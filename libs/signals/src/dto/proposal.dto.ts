import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, Matches } from 'class-validator';
import { PageQuery } from '@killswitch/db';
import { KillSwitchPreview, ScopeDto } from '@killswitch/kill-switches';

export const PROPOSAL_STATES = ['open', 'confirmed', 'dismissed', 'auto-killed', 'invalid'] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];
const REASON_RULE = 'reason must be 3 to 2000 characters';

export class ProposalListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATES, description: 'only proposals in this state' })
  @IsOptional()
  @IsIn(PROPOSAL_STATES, { message: `state must be one of ${PROPOSAL_STATES.join(', ')}` })
  state?: ProposalStateName;
}

export class ConfirmProposalDto {
  @ApiPropertyOptional({ description: 'added to the kill\u2019s reason, after the alert it cites' })
  @IsOptional()
  @IsString({ message: REASON_RULE })
  @MinLength(3, { message: REASON_RULE })
  @MaxLength(2000, { message: REASON_RULE })
  reason?: string;
}

export class DismissProposalDto {
  @ApiProperty({ example: 'false alarm: the probe was misconfigured' })
  @IsString({ message: `${REASON_RULE}: say why it is not a kill` })
  @MinLength(3, { message: `${REASON_RULE}: say why it is not a kill` })
  @MaxLength(2000, { message: `${REASON_RULE}: say why it is not a kill` })
  @Matches(/\S/, { message: 'reason must say why in words, not only spaces' })
  reason!: string;
}

export class ProposalView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: PROPOSAL_STATES }) state!: ProposalStateName;
  @ApiProperty({ description: '`alertmanager`, or a generic signal\u2019s source' }) source!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ nullable: true, type: String }) groupKey!: string | null;
  @ApiProperty({ nullable: true, type: String }) alertname!: string | null;
  @ApiProperty() summary!: string;
  @ApiProperty({ enum: ['SEV1', 'SEV2', 'SEV3', 'SEV4'] }) severity!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) annotations!: Record<string, string>;
  @ApiProperty({ nullable: true, type: String }) generatorUrl!: string | null;
  @ApiProperty({ nullable: true, type: ScopeDto, description: 'null when the signal named no valid scope (state invalid)' }) scope!: ScopeDto | null;
  @ApiProperty({ type: [String], description: 'what is wrong with the signal\u2019s scope (state invalid)' }) problems!: string[];
  @ApiProperty({ nullable: true, type: Number, description: 'devices the scope matched when the proposal was made' }) affectedDevices!: number | null;
  @ApiProperty() incidentId!: string;
  @ApiProperty({ description: 'how many times the alert arrived (repeats add to it)' }) count!: number;
  @ApiProperty() firstSeenAt!: Date;
  @ApiProperty() lastSeenAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) killSwitchId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the auto-kill policy that killed it, or that matched but was over its device limit' }) policyId!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'why a matching policy did not kill it' }) policyNote!: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedById!: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class ProposalDetail extends ProposalView {
  @ApiProperty({ nullable: true, type: KillSwitchPreview, description: 'the impact of the scope now; null for an invalid proposal' })
  preview!: KillSwitchPreview | null;
}

export class ProposalPage {
  @ApiProperty({ type: [ProposalView] }) items!: ProposalView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
