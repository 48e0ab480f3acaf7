import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IntegrationKeyField, LabelField, SLUG, SLUG_RULE, SlugField } from '@killswitch/devices';
import { DEFAULT_DEVICE_MESSAGE, MAX_DEVICE_MESSAGE_LENGTH } from '@killswitch/evaluation';
import type { FirmwareMatcher } from '@killswitch/evaluation';
import { PageQuery, SearchTextField } from '@killswitch/db';
import { IsFirmwareMatcher } from './firmware-matcher.validator';

const MATCHER_DOC = 'one of { "eq": v }, { "in": [v, …] }, { "lt": v }, { "lte": v }, { "gt": v }, { "gte": v }, { "between": [lo, hi] } (inclusive)';

export class ScopeDto {
  @SlugField('vendor', { example: 'xiaomi' })
  vendor!: string;

  @IntegrationKeyField('integration', { example: 'xiaomi.camera-stream', optional: true })
  integration?: string;

  @SlugField('vendorModel', { example: 'mijia-cam-360', optional: true })
  vendorModel?: string;

  @ApiPropertyOptional({ description: MATCHER_DOC, example: { lt: '3.5.1_00.68' } })
  @IsOptional()
  @IsFirmwareMatcher()
  vendorFirmware?: FirmwareMatcher;

  @LabelField('deviceModel', { example: 'nest-hub-2', optional: true })
  deviceModel?: string;

  @ApiPropertyOptional({ description: MATCHER_DOC, example: { gte: '1.50' } })
  @IsOptional()
  @IsFirmwareMatcher()
  deviceFirmware?: FirmwareMatcher;

  @LabelField('region', { example: 'eu-west', optional: true })
  region?: string;

  @LabelField('cohort', { example: 'beta', optional: true })
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

const DEVICE_MESSAGE_RULE = `deviceMessage is the public text devices show: 1 to ${MAX_DEVICE_MESSAGE_LENGTH} characters, not blank, no control characters (no line breaks)`;

export class CreateKillSwitchDto extends PreviewKillSwitchDto {
  @ApiProperty({
    description: 'the responder\u2019s internal note, for the audit log and the incident timeline; never shown to devices',
    example: 'Mijia cameras show strangers\u2019 feeds (public report)',
  })
  @IsString({ message: 'reason must be a string' })
  @MinLength(3, { message: 'reason is required: say why, in 3 to 2000 characters' })
  @MaxLength(2000, { message: 'reason is required: say why, in 3 to 2000 characters' })
  @Matches(/\S/, { message: 'reason must say why in words, not only spaces' })
  reason!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'incidentId must be a UUID' })
  incidentId?: string;

  @ApiPropertyOptional({
    description: `the public text devices are told (flags \`reason\`, snapshot, OFREP \`killReason\`); without it they get "${DEFAULT_DEVICE_MESSAGE}"`,
    maxLength: MAX_DEVICE_MESSAGE_LENGTH,
    example: 'Camera streaming is paused while the vendor fixes a problem.',
  })
  @IsOptional()
  @IsString({ message: DEVICE_MESSAGE_RULE })
  @MaxLength(MAX_DEVICE_MESSAGE_LENGTH, { message: DEVICE_MESSAGE_RULE })
  @Matches(/^[^\p{Cc}]*$/u, { message: DEVICE_MESSAGE_RULE })
  @Matches(/\S/, { message: DEVICE_MESSAGE_RULE })
  deviceMessage?: string;
}

export class KillSwitchListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'lift-requested', 'lifting', 'lifted'], description: 'only kill switches in this state' })
  @IsOptional()
  @IsIn(['active', 'lift-requested', 'lifting', 'lifted'], { message: 'state must be one of active, lift-requested, lifting, lifted' })
  state?: 'active' | 'lift-requested' | 'lifting' | 'lifted';

  @ApiPropertyOptional({ pattern: SLUG.source, description: 'only kill switches scoped to this vendor (its slug)', example: 'xiaomi' })
  @IsOptional()
  @Matches(SLUG, { message: `vendor must be ${SLUG_RULE}` })
  vendor?: string;

  @SearchTextField("in the kill's vendor, integration or reason, any case")
  q?: string;
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
  @ApiProperty({ description: 'the internal note: never shown to devices' }) reason!: string;
  @ApiProperty({ nullable: true, type: String, description: 'what devices are told; null: the neutral default' }) deviceMessage!: string | null;
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
