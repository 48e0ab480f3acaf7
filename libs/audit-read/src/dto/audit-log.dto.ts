import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches, ValidateBy } from 'class-validator';
import { PageQuery } from '@killswitch/db';

const ACTION = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const TARGET_TYPE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Target ids are UUIDs, slugs, keys, kids or routes such as `POST /v1/users`: printable, one line. */
const TARGET_ID = /^[^\p{Cc}]{1,300}$/u;
const ISO_MESSAGE = (name: string) => `${name} must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z`;
/**
 * ISO 8601 forms the database filter can be given: IsISO8601 also takes week dates (2026-W49-1), ordinal dates
 * (2026-341), the basic format (20260131T120000Z) and comma fractions, which JavaScript's Date cannot read.
 */
const readableDate = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** `GET /v1/audit` filters; all optional and combined with AND. Newest entries first. */
export class AuditListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'kill-switch.create' })
  @IsOptional()
  @Matches(ACTION, { message: 'action must be an action name such as kill-switch.create (lowercase letters, digits, . _ -)' })
  action?: string;

  @ApiPropertyOptional({ description: 'the user or device that acted' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'kill-switch' })
  @IsOptional()
  @Matches(TARGET_TYPE, { message: 'targetType must be a target type such as kill-switch (lowercase letters, digits, . _ -)' })
  targetType?: string;

  @ApiPropertyOptional({ description: 'e.g. a kill switch id, or a route such as `POST /v1/users` for refused attempts' })
  @IsOptional()
  @Matches(TARGET_ID, { message: 'targetId must be 1-300 printable characters' })
  targetId?: string;

  @ApiPropertyOptional({ enum: ['ok', 'refused'] })
  @IsOptional()
  @IsIn(['ok', 'refused'], { message: 'outcome must be ok or refused' })
  outcome?: 'ok' | 'refused';

  @ApiPropertyOptional({ description: 'entries at or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: ISO_MESSAGE('from') })
  @ValidateBy({ name: 'readableDate', validator: { validate: readableDate } }, { message: ISO_MESSAGE('from') })
  from?: string;

  @ApiPropertyOptional({ description: 'entries before this time (ISO 8601, exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: ISO_MESSAGE('to') })
  @ValidateBy({ name: 'readableDate', validator: { validate: readableDate } }, { message: ISO_MESSAGE('to') })
  to?: string;
}

export class AuditEntryView {
  @ApiProperty({ description: 'position in the chain (a decimal string: it is a 64-bit integer)', example: '42' }) seq!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ enum: ['user', 'device', 'system', 'anonymous', 'policy'] }) actorType!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ description: 'an email, device:<id> or system:<component>' }) actor!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ enum: ['ok', 'refused'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ nullable: true, description: 'state before the change (JSON)' }) before!: unknown;
  @ApiProperty({ nullable: true, description: 'state after the change (JSON)' }) after!: unknown;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "for an entry that folds refused attempts, the first one's" }) requestId!: string | null;
  @ApiProperty({
    description: 'attempts the entry stands for: 1, or for refused attempts folded per principal, action, target, reason and minute, how many there were',
    example: 1,
  })
  count!: number;
  @ApiProperty({ description: 'hash of the entry before (64 zeros for the first)' }) prevHash!: string;
  @ApiProperty({ description: 'sha256(prevHash ‖ JCS(entry)), hex' }) hash!: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items!: AuditEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class BrokenEntryView {
  @ApiProperty({ description: 'the first entry that does not verify (for deleted entries: the first missing seq)' }) seq!: string;
  @ApiProperty({ enum: ['sequence-gap', 'reordered', 'prev-hash-mismatch', 'hash-mismatch', 'checkpoint-mismatch', 'below-checkpoint'] }) reason!: string;
  @ApiProperty() message!: string;
}

/** `GET /v1/audit/verify` options. */
export class VerifyQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: walk the whole chain from genesis now (admins and auditors; one such walk at a time, callers meanwhile share it). Without it, only the entries appended since the last walk are walked, after checking that the last verified entry still stores its hash; a full walk is made anyway when the last one is older than AUDIT_VERIFY_FULL_INTERVAL_SEC',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'full must be true or false' })
  full?: 'true' | 'false';
}

export class VerifyResultView {
  @ApiProperty({ description: 'true when every entry from genesis to the head verified' }) ok!: boolean;
  @ApiProperty({ description: 'entries verified, before the first broken one if any' }) entries!: number;
  @ApiProperty({ description: 'seq of the last verified entry ("0": none)' }) headSeq!: string;
  @ApiProperty({ description: 'hash of the last verified entry (64 zeros: genesis)' }) headHash!: string;
  @ApiPropertyOptional({ type: BrokenEntryView }) firstBroken?: BrokenEntryView;
}
