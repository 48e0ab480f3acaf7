import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '@killswitch/db';
import { InventoryItemDto } from './inventory-item.dto';
import { LABEL, LABEL_RULE, MAX_INVENTORY_ITEMS, VERSION, VERSION_RULE } from './patterns';

export class EnrollDeviceDto {
  @ApiProperty({ example: 'nest-hub-2' })
  @IsString({ message: 'model must be a string' })
  @Matches(LABEL, { message: `model must be ${LABEL_RULE}` })
  model!: string;

  @ApiProperty({ example: '1.56.3' })
  @IsString({ message: 'firmware must be a string' })
  @MaxLength(128, { message: `firmware must be ${VERSION_RULE}` })
  @Matches(VERSION, { message: `firmware must be ${VERSION_RULE}` })
  firmware!: string;

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

  @ApiPropertyOptional({ type: [InventoryItemDto] })
  @IsOptional()
  @IsArray({ message: 'inventory must be a list of { integration, vendorModel, vendorFirmware }' })
  @ArrayMaxSize(MAX_INVENTORY_ITEMS, { message: `inventory must hold at most ${MAX_INVENTORY_ITEMS} items` })
  @ValidateNested({ each: true })
  @Type(() => InventoryItemDto)
  inventory?: InventoryItemDto[];
}

export class DeviceListQuery extends PageQuery {
  @IsOptional() @Matches(LABEL, { message: `model must be ${LABEL_RULE}` }) model?: string;
  @IsOptional() @Matches(LABEL, { message: `region must be ${LABEL_RULE}` }) region?: string;
  @IsOptional() @Matches(LABEL, { message: `cohort must be ${LABEL_RULE}` }) cohort?: string;
}

export class DeviceView {
  @ApiProperty() id!: string;
  @ApiProperty() model!: string;
  @ApiProperty() firmware!: string;
  @ApiProperty({ nullable: true, type: String }) region!: string | null;
  @ApiProperty({ nullable: true, type: String }) cohort!: string | null;
  @ApiProperty() enrolledAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) decommissionedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastSeenAt!: Date | null;
  @ApiProperty({ type: [InventoryItemDto] }) inventory!: InventoryItemDto[];
}

export class EnrolledDevice extends DeviceView {
  @ApiProperty({ description: 'the device credential, shown once; only its SHA-256 is stored' }) credential!: string;
}

export class RotatedCredential {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the new credential, shown once; the old one stopped working' }) credential!: string;
}

export class DevicePage {
  @ApiProperty({ type: [DeviceView] }) items!: DeviceView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
