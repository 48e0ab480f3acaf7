import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { INTEGRATION_KEY, INTEGRATION_KEY_RULE, SLUG, SLUG_RULE, VERSION, VERSION_RULE } from './patterns';

/** One vendor product linked to a device. */
export class InventoryItemDto {
  @ApiProperty({ example: 'xiaomi.camera-stream' })
  @IsString({ message: 'integration must be a string' })
  @Matches(INTEGRATION_KEY, { message: `integration must be ${INTEGRATION_KEY_RULE}` })
  integration!: string;

  @ApiProperty({ example: 'mijia-cam-360' })
  @IsString({ message: 'vendorModel must be a string' })
  @Matches(SLUG, { message: `vendorModel must be ${SLUG_RULE}` })
  vendorModel!: string;

  @ApiProperty({ example: '3.5.1_00.66' })
  @IsString({ message: 'vendorFirmware must be a string' })
  @MaxLength(128, { message: `vendorFirmware must be ${VERSION_RULE}` })
  @Matches(VERSION, { message: `vendorFirmware must be ${VERSION_RULE}` })
  vendorFirmware!: string;
}
