import { Module } from '@nestjs/common';
import { QueueProducerModule } from '@killswitch/queue';
import { DeliverService } from './deliver.service';
import { DeliveryExpiry } from './delivery-expiry';
import { FanoutService } from './fanout.service';
import { FanoutSweep } from './fanout-sweep';
import { MilestoneSweep } from './milestone-sweep';
import { ProgressService } from './progress.service';
import { RevocationJobs } from './revocation-jobs';

/** The worker side of revocations: fan-out, delivery, and the sweeps of unfinished revocations. */
@Module({
  imports: [QueueProducerModule],
  providers: [FanoutService, FanoutSweep, DeliverService, ProgressService, DeliveryExpiry, MilestoneSweep, RevocationJobs],
  exports: [FanoutService, FanoutSweep, DeliverService, DeliveryExpiry, MilestoneSweep, RevocationJobs],
})
export class RevocationsWorkerModule {}
