import { Module } from '@nestjs/common';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** The API side of outbound webhooks: subscriptions, their deliveries, test sends and retries. */
@Module({ controllers: [WebhooksController], providers: [WebhooksService, WebhookDeliveriesService] })
export class WebhooksModule {}
