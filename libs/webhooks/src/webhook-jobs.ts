import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { GivenUpHandlers, JobHandlerSet, JobHandlers, WEBHOOK_BACKOFF } from '@killswitch/queue';
import { WebhookAttemptsService } from './webhook-attempts.service';
import { WebhookFanoutService } from './webhook-fanout.service';
import { WebhookRetryRequestsService } from './webhook-retry-requests.service';
import { fanoutRetryDelay, webhookRetryDelay } from './webhook-retry';
import { webhookSettings } from './webhook-settings';

/** The webhooks queue's jobs, and the backoff their retries follow. */
@Injectable()
export class WebhookJobs implements JobHandlerSet {
  readonly handlers: Partial<JobHandlers>;
  readonly onGivenUp: Partial<GivenUpHandlers>;
  readonly backoff: Record<string, (attemptsMade: number, name: string) => number>;

  constructor(fanout: WebhookFanoutService, attempts: WebhookAttemptsService, retries: WebhookRetryRequestsService, config: EnvConfig) {
    const { retry } = webhookSettings(config);
    this.handlers = {
      'webhook.fanout': (data) => fanout.fanOut(data),
      'webhook.deliver': (data, run) => attempts.deliver(data.deliveryId, run),
      'webhook.retry': (data) => retries.act(data.deliveryId),
    };
    this.onGivenUp = { 'webhook.deliver': (data, reason) => attempts.giveUp(data.deliveryId, reason) };
    // A fan-out waits on the database, not on a receiver: it retries within a minute of the database's return.
    this.backoff = {
      [WEBHOOK_BACKOFF]: (attemptsMade, name) => (name === 'webhook.fanout' ? fanoutRetryDelay(attemptsMade) : webhookRetryDelay(attemptsMade, retry)),
    };
  }
}
