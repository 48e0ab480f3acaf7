import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { INTEGRATION_KEY, INTEGRATION_KEY_RULE, LABEL, LABEL_RULE, SLUG, SLUG_RULE } from '@killswitch/devices';
import type { FirmwareMatcher } from '@killswitch/evaluation';
import { PageQuery } from '@killswitch/db';
import { IsFirmwareMatcher } from './firmware-matcher.validator';

const MATCHER_DOC = 'one of { "eq": v }, { "in": [v, …] }, { "lt": v }, { "lte": v }, { "gt": v }, { "gte": v }, { "between": [lo, hi] } (inclusive)';

export class ScopeDto {
  @ApiProperty({ example: 'xiaomi' })
  @IsString({ message: 'vendor must be a string' })
  @Matches(SLUG, { message: `vendor must be ${SLUG_RULE}` })
  vendor!: string;

  @ApiPropertyOptional({ example: 'xiaomi.camera-stream' })
  @IsOptional()
  @IsString({ message: 'integration must be a string' })
  @Matches(INTEGRATION_KEY, { message: `integration must be ${INTEGRATION_KEY_RULE}` })
  integration?: string;

  @ApiPropertyOptional({ example: 'mijia-cam-360' })
  @IsOptional()
  @IsString({ message: 'vendorModel must be a string' })
  @Matches(SLUG, { message: `vendorModel must be ${SLUG_RULE}` })
  vendorModel?: string;

  @ApiPropertyOptional({ description: MATCHER_DOC, example: { lt: '3.5.1_00.68' } })
  @IsOptional()
  @IsFirmwareMatcher()
  vendorFirmware?: FirmwareMatcher;

  @ApiPropertyOptional({ example: 'nest-hub-2' })
  @IsOptional()
  @IsString({ message: 'deviceModel must be a string' })
  @Matches(LABEL, { message: `deviceModel must be ${LABEL_RULE}` })
  deviceModel?: string;

  @ApiPropertyOptional({ description: MATCHER_DOC, example: { gte: '1.50' } })
  @IsOptional()
  @IsFirmwareMatcher()
  deviceFirmware?: FirmwareMatcher;

  @ApiPropertyOptional({ example: 'eu-west' })
  @IsOptional()
  @IsString({ message: 'region must be a string' })
  @Matches(LABEL, { message: `region must be ${LABEL_RULE}` })
  region?: string;

  @ApiPropertyOptional({ example: 'beta' })
  @IsOptional()
  @IsString({ message: 'cohort must be a string' })
  @Matches(LABEL, { message: `cohort must be ${LABEL_RULE}` })
  cohort?: string;
}

export class PreviewKillSwitchDto {
  @ApiProperty({ type: ScopeDto })
  @IsDefined({ message: 'scope is required: { vendor, integration?, vendorModel?, vendorFirmware?, deviceModel?, deviceFirmware?, region?, cohort? }' })
  @IsObject({ message: 'scope must be an object' })
  @ValidateNested()
  @Type(() => ScopeDto)
  scope!: ScopeDto;
}

export class CreateKillSwitchDto extends PreviewKillSwitchDto {
  @ApiProperty({ example: 'Mijia cameras show strangers\u2019 feeds (public report)' })
  @IsString({ message: 'reason must be a string' })
  @MinLength(3, { message: 'reason is required: say why, in 3 to 2000 characters' })
  @MaxLength(2000, { message: 'reason is required: say why, in 3 to 2000 characters' })
  reason!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'incidentId must be a UUID' })
  incidentId?: string;
}

export class KillSwitchListQuery extends PageQuery {
  @IsOptional()
  @IsIn(['active', 'lift-requested', 'lifting', 'lifted'], { message: 'state must be one of active, lift-requested, lifting, lifted' })
  state?: 'active' | 'lift-requested' | 'lifting' | 'lifted';

  @IsOptional()
  @Matches(SLUG, { message: `vendor must be ${SLUG_RULE}` })
  vendor?: string;
}

export class CreatedKillSwitch {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['active', 'lift-requested', 'lifting', 'lifted'] }) state!: string;
  @ApiProperty({ description: 'the global revision this kill raised' }) revision!: number;
  @ApiProperty({ description: 'distinct devices the kill matched when it committed' }) affectedDevices!: number;
  @ApiProperty() revocationId!: string;
}

export class KillSwitchView extends CreatedKillSwitch {
  @ApiProperty({ type: ScopeDto }) scope!: ScopeDto;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) incidentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) createdById!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) liftedAt!: Date | null;
  @ApiProperty({ description: 'staged lift: share released, in basis points (0-10000)' }) releasedBelow!: number;
}

export class KillSwitchPage {
  @ApiProperty({ type: [KillSwitchView] }) items!: KillSwitchView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class FirmwareBreakdown {
  @ApiProperty() vendorFirmware!: string;
  @ApiProperty() devices!: number;
  @ApiProperty() links!: number;
}

export class KillSwitchPreview {
  @ApiProperty({ description: 'distinct devices the scope matches now' }) affectedDevices!: number;
  @ApiProperty({ description: 'matching linked vendor products' }) matchingLinks!: number;
  @ApiProperty({ type: [FirmwareBreakdown] }) byVendorFirmware!: FirmwareBreakdown[];
}
