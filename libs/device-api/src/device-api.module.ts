import { Module } from '@nestjs/common';
import { DeviceController } from './device.controller';
import { DeviceFactsCache } from './device-facts-cache';
import { FlagsService } from './flags.service';
import { InventoryService } from './inventory.service';
import { OfrepController } from './ofrep.controller';
import { RulesCache } from './rules-cache';

/** What devices call: flags (poll), inventory reports, OFREP. Needs the global SnapshotsModule.forRoot(…) in the app. */
@Module({
  controllers: [DeviceController, OfrepController],
  providers: [RulesCache, DeviceFactsCache, FlagsService, InventoryService],
  exports: [FlagsService, RulesCache],
})
export class DeviceApiModule {}
