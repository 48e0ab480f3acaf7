import { Module } from '@nestjs/common';
import { QueueProducerModule } from '@killswitch/queue';
import { WebhookAttemptsService } from './webhook-attempts.service';
import { WebhookFanoutService } from './webhook-fanout.service';
import { WebhookJobs } from './webhook-jobs';

/** The worker side of outbound webhooks: fan-out of domain events and the delivery attempts. */
@Module({ imports: [QueueProducerModule], providers: [WebhookFanoutService, WebhookAttemptsService, WebhookJobs], exports: [WebhookJobs] })
export class WebhooksWorkerModule {}
