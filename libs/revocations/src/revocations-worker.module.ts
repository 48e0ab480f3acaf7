import { Module } from '@nestjs/common';
import { QueueProducerModule } from '@killswitch/queue';
import { DeliverService } from './deliver.service';
import { DeliveryExpiry } from './delivery-expiry';
import { FanoutService } from './fanout.service';
import { ProgressService } from './progress.service';
import { RevocationJobs } from './revocation-jobs';

/** The worker side of revocations: fan-out and delivery. */
@Module({
  imports: [QueueProducerModule],
  providers: [FanoutService, DeliverService, ProgressService, DeliveryExpiry, RevocationJobs],
  exports: [FanoutService, DeliverService, DeliveryExpiry, RevocationJobs],
})
export class RevocationsWorkerModule {}
