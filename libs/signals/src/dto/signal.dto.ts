import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsEnum, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Severity } from '@killswitch/db';
import { FINGERPRINT, FINGERPRINT_RULE } from './alertmanager.dto';

export const SOURCE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const SOURCE_RULE = '1-64 lowercase letters, digits, . _ or -, starting with a letter or digit';
const SUMMARY_RULE = 'summary must be 1 to 1000 characters on one line';

/** A generic signal: a monitoring tool other than Alertmanager (or a script) reporting a problem with a scope. */
export class SignalDto {
  @ApiProperty({ example: 'grafana' })
  @Matches(SOURCE, { message: `source must be ${SOURCE_RULE}` })
  source!: string;

  @ApiProperty({ description: 'the same problem keeps its fingerprint: repeats add to its proposal', example: 'camera-leak-eu' })
  @Matches(FINGERPRINT, { message: `fingerprint must be ${FINGERPRINT_RULE}` })
  fingerprint!: string;

  @ApiProperty({ example: 'Mijia cameras show strangers\u2019 feeds' })
  @IsString({ message: SUMMARY_RULE })
  @MinLength(1, { message: SUMMARY_RULE })
  @MaxLength(1000, { message: SUMMARY_RULE })
  @Matches(/^[^\p{Cc}]*$/u, { message: SUMMARY_RULE })
  @Matches(/\S/, { message: 'summary must say what happened in words, not only spaces' })
  summary!: string;

  @ApiPropertyOptional({ enum: Severity, description: 'of the incident it opens; SEV2 if omitted' })
  @IsOptional()
  @IsEnum(Severity, { message: 'severity must be one of SEV1, SEV2, SEV3, SEV4' })
  severity?: Severity;

  @ApiProperty({
    description:
      'the kill scope, as POST /v1/kill-switches takes it (a firmware matcher may also be written lt:3.5.1_00.68); a scope that is wrong makes an invalid proposal that says why',
    example: { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', vendorFirmware: 'lt:3.5.1_00.68' },
  })
  @IsDefined({ message: 'scope is required: { vendor, integration?, vendorModel?, vendorFirmware?, … }' })
  @IsObject({ message: 'scope must be an object' })
  scope!: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['firing', 'resolved'], description: 'resolved: the problem is over (a timeline note); firing if omitted' })
  @IsOptional()
  @IsIn(['firing', 'resolved'], { message: 'status must be firing or resolved' })
  status?: 'firing' | 'resolved';
}

export class SignalOutcome {
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ enum: ['firing', 'resolved'] }) status!: string;
  @ApiProperty({ enum: ['proposed', 'duplicate', 'resolved', 'ignored'], description: 'ignored: the alert names no scope, or resolves nothing' })
  outcome!: string;
  @ApiProperty({ nullable: true, type: String }) proposalId!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['open', 'confirmed', 'dismissed', 'auto-killed', 'invalid'] }) state!: string | null;
  @ApiProperty({ nullable: true, type: String }) incidentId!: string | null;
}

export class SignalReceipt {
  @ApiProperty({ type: [SignalOutcome] }) alerts!: SignalOutcome[];
}
