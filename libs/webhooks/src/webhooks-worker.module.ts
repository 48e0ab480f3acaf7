import { Module } from '@nestjs/common';
import { QueueProducerModule } from '@killswitch/queue';
import { WebhookAttemptsService } from './webhook-attempts.service';
import { WebhookDeliverySweep } from './webhook-delivery-sweep';
import { WebhookFanoutService } from './webhook-fanout.service';
import { WebhookFanoutSweep } from './webhook-fanout-sweep';
import { WebhookJobs } from './webhook-jobs';
import { WebhookRetryRequestsService } from './webhook-retry-requests.service';
import { WebhookSecretSweepScheduler } from './webhook-secret-sweep.scheduler';

/**
 * The worker side of outbound webhooks: fan-out of domain events, the delivery attempts, people's retries, the sweeps of
 * fan-outs and deliveries whose job is gone, erasing rotated-out secrets.
 */
@Module({
  imports: [QueueProducerModule],
  providers: [
    WebhookFanoutService,
    WebhookAttemptsService,
    WebhookRetryRequestsService,
    WebhookDeliverySweep,
    WebhookFanoutSweep,
    WebhookSecretSweepScheduler,
    WebhookJobs,
  ],
  exports: [WebhookJobs, WebhookDeliverySweep, WebhookFanoutSweep],
})
export class WebhooksWorkerModule {}
