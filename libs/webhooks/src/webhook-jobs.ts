import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { GivenUpHandlers, JobHandlerSet, JobHandlers, WEBHOOK_BACKOFF } from '@killswitch/queue';
import { WebhookAttemptsService } from './webhook-attempts.service';
import { WebhookFanoutService } from './webhook-fanout.service';
import { WebhookRetryRequestsService } from './webhook-retry-requests.service';
import { webhookRetryDelay } from './webhook-retry';
import { webhookSettings } from './webhook-settings';

/** The webhooks queue's jobs, and the backoff their retries follow. */
@Injectable()
export class WebhookJobs implements JobHandlerSet {
  readonly handlers: Partial<JobHandlers>;
  readonly onGivenUp: Partial<GivenUpHandlers>;
  readonly backoff: Record<string, (attemptsMade: number) => number>;

  constructor(fanout: WebhookFanoutService, attempts: WebhookAttemptsService, retries: WebhookRetryRequestsService, config: EnvConfig) {
    const { retry } = webhookSettings(config);
    this.handlers = {
      'webhook.fanout': (data) => fanout.fanOut(data),
      'webhook.deliver': (data, run) => attempts.deliver(data.deliveryId, run),
      'webhook.retry': (data) => retries.act(data.deliveryId),
    };
    this.onGivenUp = { 'webhook.deliver': (data, reason) => attempts.giveUp(data.deliveryId, reason) };
    this.backoff = { [WEBHOOK_BACKOFF]: (attemptsMade) => webhookRetryDelay(attemptsMade, retry) };
  }
}
