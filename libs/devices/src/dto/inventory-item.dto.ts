import { IntegrationKeyField, SlugField, VersionField } from './fields';

/**
 * What enrollment and a device's report both hold an inventory to. An item listed twice (two identical cameras) is
 * stored once rather than refused: a kill counts devices and distinct links. One model on two firmwares is two links.
 */
export const INVENTORY_RULES =
  'each naming an integration and a model of its vendor that the catalogue has (else 400 unknown_integration); an item listed twice is stored once';

/** One vendor product linked to a device. */
export class InventoryItemDto {
  @IntegrationKeyField('integration', { example: 'xiaomi.camera-stream' })
  integration!: string;

  @SlugField('vendorModel', { example: 'mijia-cam-360' })
  vendorModel!: string;

  @VersionField('vendorFirmware', { example: '3.5.1_00.66' })
  vendorFirmware!: string;
}
