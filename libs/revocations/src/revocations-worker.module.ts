import { Module } from '@nestjs/common';
import { QueueService } from '@killswitch/queue';
import { DeliverService } from './deliver.service';
import { DeliveryExpiry } from './delivery-expiry';
import { FanoutService } from './fanout.service';
import { ProgressService } from './progress.service';

/** The worker side of revocations: fan-out and delivery. */
@Module({
  providers: [QueueService, FanoutService, DeliverService, ProgressService, DeliveryExpiry],
  exports: [QueueService, FanoutService, DeliverService, DeliveryExpiry],
})
export class RevocationsWorkerModule {}
