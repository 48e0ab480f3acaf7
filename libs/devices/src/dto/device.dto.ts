import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { PageQuery, SearchTextField } from '@killswitch/db';
import { INVENTORY_RULES, InventoryItemDto } from './inventory-item.dto';
import { LabelField, VersionField } from './fields';
import { EXTERNAL_ID, EXTERNAL_ID_RULE, LABEL, LABEL_RULE, MAX_INVENTORY_ITEMS } from './patterns';

const INVENTORY_LIST_RULE = 'inventory must be a list of { integration, vendorModel, vendorFirmware }';

export class EnrollDeviceDto {
  @LabelField('model', { example: 'nest-hub-2' })
  model!: string;

  @VersionField('firmware', { example: '1.56.3' })
  firmware!: string;

  @LabelField('region', { example: 'eu-west', optional: true })
  region?: string;

  @LabelField('cohort', { example: 'beta', optional: true })
  cohort?: string;

  @ApiPropertyOptional({ example: 'SN-4C11AE0F2291', description: "the platform's own identifier (a serial, an account-side id); unique" })
  @IsOptional()
  @IsString({ message: 'externalId must be a string' })
  @Matches(EXTERNAL_ID, { message: `externalId must be ${EXTERNAL_ID_RULE}` })
  externalId?: string;

  @ApiPropertyOptional({ type: [InventoryItemDto], description: `the linked vendor products (at most ${MAX_INVENTORY_ITEMS}), ${INVENTORY_RULES}` })
  @IsOptional()
  @IsArray({ message: INVENTORY_LIST_RULE })
  @ArrayMaxSize(MAX_INVENTORY_ITEMS, { message: `inventory must hold at most ${MAX_INVENTORY_ITEMS} items` })
  // ValidateNested takes a list for an object ([[]] would pass it): each must be a plain object
  @IsObject({ each: true, message: INVENTORY_LIST_RULE })
  @ValidateNested({ each: true, message: INVENTORY_LIST_RULE })
  @Type(() => InventoryItemDto)
  inventory?: InventoryItemDto[];
}

export class DeviceListQuery extends PageQuery {
  @ApiPropertyOptional({ pattern: LABEL.source, description: 'only devices of this model', example: 'nest-hub-2' })
  @IsOptional()
  @Matches(LABEL, { message: `model must be ${LABEL_RULE}` })
  model?: string;

  @ApiPropertyOptional({ pattern: LABEL.source, description: 'only devices in this region', example: 'eu-west' })
  @IsOptional()
  @Matches(LABEL, { message: `region must be ${LABEL_RULE}` })
  region?: string;

  @ApiPropertyOptional({ pattern: LABEL.source, description: 'only devices in this cohort', example: 'beta' })
  @IsOptional()
  @Matches(LABEL, { message: `cohort must be ${LABEL_RULE}` })
  cohort?: string;

  @SearchTextField('a device id, or the start of an externalId, case-sensitive')
  q?: string;
}

export class DeviceView {
  @ApiProperty() id!: string;
  @ApiProperty() model!: string;
  @ApiProperty() firmware!: string;
  @ApiProperty({ nullable: true, type: String }) region!: string | null;
  @ApiProperty({ nullable: true, type: String }) cohort!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the platform's own identifier" }) externalId!: string | null;
  @ApiProperty() enrolledAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) decommissionedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastSeenAt!: Date | null;
  @ApiProperty({ type: [InventoryItemDto] }) inventory!: InventoryItemDto[];
}

export class EnrolledDevice extends DeviceView {
  @ApiProperty({ description: 'the device credential, shown once; only its SHA-256 is stored' }) credential!: string;
  @ApiProperty({ description: 'the snapshot signing keys to pin (same as /.well-known/jwks.json at enrollment)', type: Object })
  jwks!: { keys: object[] };
}

export class RotatedCredential {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the new credential, shown once; the old one stopped working' }) credential!: string;
}

export class DevicePage {
  @ApiProperty({ type: [DeviceView] }) items!: DeviceView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
