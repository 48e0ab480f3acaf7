import { Module } from '@nestjs/common';
import { IdentityModule } from '@killswitch/identity';
import { RevocationsModule } from '@killswitch/revocations';
import { AckRoute } from './ack.route';
import { DeviceStatusController } from './device-status.controller';
import { DeviceSightings } from './device-sightings';
import { DeviceStreams } from './device-streams';
import { DeviceController } from './device.controller';
import { DeviceFactsCache } from './device-facts-cache';
import { FlagsService } from './flags.service';
import { InventoryService } from './inventory.service';
import { OfrepController } from './ofrep.controller';
import { OfrepEventsRoute } from './ofrep-events.route';
import { OfrepStreams } from './ofrep-streams';
import { PollRoute } from './poll.route';
import { RulesCache } from './rules-cache';

/** What devices call: flags (poll), inventory reports, OFREP and its event streams. Needs the global SnapshotsModule.forRoot(…) in the app. */
@Module({
  imports: [IdentityModule, RevocationsModule],
  controllers: [DeviceController, OfrepController, DeviceStatusController],
  providers: [
    AckRoute,
    DeviceSightings,
    RulesCache,
    DeviceFactsCache,
    FlagsService,
    InventoryService,
    PollRoute,
    DeviceStreams,
    OfrepStreams,
    OfrepEventsRoute,
  ],
  exports: [FlagsService, RulesCache, DeviceStreams, OfrepStreams],
})
export class DeviceApiModule {}
