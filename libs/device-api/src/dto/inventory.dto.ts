import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { INVENTORY_RULES, InventoryItemDto, MAX_INVENTORY_ITEMS } from '@killswitch/devices';

const ITEMS_RULE = 'items must be a list of { integration, vendorModel, vendorFirmware }';

export class ReportInventoryDto {
  @ApiProperty({ type: [InventoryItemDto], description: `the complete list of linked vendor products (at most ${MAX_INVENTORY_ITEMS}), ${INVENTORY_RULES}` })
  @IsDefined({ message: 'items is required: the complete list of { integration, vendorModel, vendorFirmware } (may be empty)' })
  @IsArray({ message: ITEMS_RULE })
  @ArrayMaxSize(MAX_INVENTORY_ITEMS, { message: `items must hold at most ${MAX_INVENTORY_ITEMS} linked products` })
  // ValidateNested takes a list for an object ([[]] would pass it): each must be a plain object
  @IsObject({ each: true, message: ITEMS_RULE })
  @ValidateNested({ each: true, message: ITEMS_RULE })
  @Type(() => InventoryItemDto)
  items!: InventoryItemDto[];
}

export class FlagsBody {
  @ApiProperty({ description: 'the revision this answer was evaluated at' }) rev!: number;
  @ApiProperty({
    description: 'per integration key: { enabled, reason?, killSwitchIds?, incidentId?, failMode }',
    example: { 'xiaomi.camera-stream': { enabled: false, reason: 'strangers feeds', killSwitchIds: ['…'], incidentId: '…', failMode: 'closed' } },
  })
  integrations!: Record<string, unknown>;
  @ApiProperty({ description: 'compact JWS (EdDSA, kid) of { iss, sub, rev, iat, exp, integrations }; verify with /.well-known/jwks.json' })
  snapshot!: string;
}

export class AckDto {
  @ApiProperty({ description: 'the revision the device verified and applied' })
  @IsDefined({ message: 'rev is required: the revision the device applied' })
  @IsInt({ message: 'rev must be a non-negative integer' })
  @Min(0, { message: 'rev must be a non-negative integer' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'rev must be a non-negative integer' })
  rev!: number;
}
