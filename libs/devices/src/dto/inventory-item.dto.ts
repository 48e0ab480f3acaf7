import { IntegrationKeyField, SlugField, VersionField } from './fields';

/** One vendor product linked to a device. */
export class InventoryItemDto {
  @IntegrationKeyField('integration', { example: 'xiaomi.camera-stream' })
  integration!: string;

  @SlugField('vendorModel', { example: 'mijia-cam-360' })
  vendorModel!: string;

  @VersionField('vendorFirmware', { example: '3.5.1_00.66' })
  vendorFirmware!: string;
}
