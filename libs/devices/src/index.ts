export * from './devices.module';
export * from './devices.service';
export * from './dto/patterns';
export * from './dto/inventory-item.dto';
export * from './dto/fields';
export * from './device-targeting';
export * from './dto/device.dto';
