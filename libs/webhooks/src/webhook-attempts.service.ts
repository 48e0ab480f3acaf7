import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Actor, AuditService } from '@killswitch/audit';
import { EnvConfig } from '@killswitch/config';
import { PrismaService, Tx } from '@killswitch/db';
import { JobRun, enqueue } from '@killswitch/queue';
import { signWebhookWithEach, signingSecrets } from './webhook-secret';
import { SendOutcome, sendWebhook } from './webhook-sender';
import { webhookRetryDelay } from './webhook-retry';
import { WebhookSettings, webhookSettings } from './webhook-settings';
import { webhookDeliveryFailures } from './webhook-metrics';

const SYSTEM: Actor = { type: 'system', label: 'system:webhooks' };

/**
 * An attempt claims its delivery (attemptStartedAt) for at most the send deadline and this much more; a worker that died
 * mid-attempt leaves its claim, which then lapses.
 */
const CLAIM_MARGIN_MS = 60_000;

/**
 * One attempt at one delivery: signed per Standard Webhooks with the attempt's own timestamp, the same
 * webhook-id and body every time, and recorded whatever happens. A failure throws, so BullMQ retries
 * it with the webhook backoff, until the delivery is older than WEBHOOK_RETRY_WINDOW_SEC; then it is
 * given up. A subscription whose attempts have all failed for that long is disabled, with an audit
 * entry and a webhook.disabled event (delivered to the admins' other subscriptions).
 *
 * Two attempts at one delivery never run at once: each first claims the delivery in the database (a compare-and-set
 * on attemptStartedAt), and one that finds it claimed sends nothing and throws, to be retried when the other is over.
 * Starting an attempt also answers a person's retry asked for before it (retryRequestedAt).
 */
@Injectable()
export class WebhookAttemptsService {
  private readonly logger = new Logger(WebhookAttemptsService.name);
  private readonly settings: WebhookSettings;

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    config: EnvConfig,
  ) {
    this.settings = webhookSettings(config);
  }

  async deliver(deliveryId: string, run: JobRun): Promise<void> {
    const delivery = await this.prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { subscription: true } });
    // Deleted with its subscription, already delivered, or given up: nothing to send.
    if (!delivery || delivery.state !== 'pending') return;
    const { subscription } = delivery;
    if (!subscription.enabled) {
      await this.prisma.webhookDelivery.update({
        where: { id: deliveryId },
        data: { state: 'failed', lastError: 'not sent: the webhook is disabled', nextRetryAt: null },
      });
      return;
    }
    // Unsealed before the claim: a secret that cannot be opened fails the job and leaves no claim behind.
    const secrets = signingSecrets(subscription, this.settings.kek, new Date());
    const attempt = await this.claim(deliveryId);
    if (attempt === null) {
      const now = await this.prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { state: true } });
      if (!now || now.state !== 'pending') return;
      throw new Error(`webhook delivery ${delivery.webhookId}: another attempt at it is under way; this one is tried again later`);
    }
    const startedAt = new Date();
    const timestamp = Math.floor(startedAt.getTime() / 1000);
    const outcome = await sendWebhook({
      url: subscription.url,
      body: delivery.body,
      headers: {
        'content-type': delivery.contentType,
        'webhook-id': delivery.webhookId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhookWithEach(secrets, delivery.webhookId, timestamp, delivery.body),
      },
      timeoutMs: this.settings.timeoutMs,
      allowPrivate: this.settings.allowPrivate,
    });
    const attemptRow = { deliveryId, attempt, startedAt, durationMs: outcome.durationMs, statusCode: outcome.statusCode, error: outcome.error };

    if (outcome.ok) {
      await this.prisma.$transaction([
        this.prisma.webhookDeliveryAttempt.create({ data: { ...attemptRow, nextRetryAt: null } }),
        this.prisma.webhookDelivery.update({
          where: { id: deliveryId },
          data: { state: 'succeeded', deliveredAt: new Date(), lastStatusCode: outcome.statusCode, lastError: null, nextRetryAt: null, attemptStartedAt: null },
        }),
        this.prisma.webhookSubscription.updateMany({ where: { id: subscription.id }, data: { failingSince: null } }),
      ]);
      return;
    }

    const now = Date.now();
    const delay = webhookRetryDelay(run.attemptsMade + 1, this.settings.retry);
    const givenUp = now - delivery.createdAt.getTime() + delay > this.settings.retry.windowMs;
    const nextRetryAt = givenUp ? null : new Date(now + delay);
    await this.prisma.$transaction(async (tx) => {
      await tx.webhookDeliveryAttempt.create({ data: { ...attemptRow, nextRetryAt } });
      await tx.webhookDelivery.update({
        where: { id: deliveryId },
        data: { state: givenUp ? 'failed' : 'pending', lastStatusCode: outcome.statusCode, lastError: outcome.error, nextRetryAt, attemptStartedAt: null },
      });
      await this.recordFailure(tx, subscription.id, startedAt, outcome);
    });
    webhookDeliveryFailures.inc({ outcome: givenUp ? 'given-up' : 'retrying' });
    const message = `webhook delivery ${delivery.webhookId} attempt ${attempt}: ${outcome.error}`;
    if (givenUp) throw new UnrecoverableError(`${message}; given up after ${Math.round((now - delivery.createdAt.getTime()) / 1000)} s`);
    throw new Error(message);
  }

  /**
   * Claims a pending delivery for one attempt, unless another attempt holds it (a claim younger than the send deadline and
   * the margin): its attempt number, or null. A person's retry asked for before now is answered by this attempt.
   */
  private async claim(deliveryId: string): Promise<number | null> {
    const lapseMs = this.settings.timeoutMs + CLAIM_MARGIN_MS;
    const [row] = await this.prisma.$queryRaw<{ attemptCount: number }[]>`
      UPDATE webhook_deliveries
      SET "attemptCount" = "attemptCount" + 1, "attemptStartedAt" = now(), "retryRequestedAt" = NULL, "updatedAt" = now()
      WHERE id = ${deliveryId}::uuid AND state = 'pending'
        AND ("attemptStartedAt" IS NULL OR "attemptStartedAt" < now() - ${lapseMs}::int * interval '1 millisecond')
      RETURNING "attemptCount"`;
    return row ? row.attemptCount : null;
  }

  /** Marks the subscription failing since its first failed attempt; past the window, disables it (once, whoever sees it first). */
  private async recordFailure(tx: Tx, subscriptionId: string, at: Date, outcome: SendOutcome): Promise<void> {
    const [row] = await tx.$queryRaw<{ failingSince: Date; enabled: boolean; url: string }[]>`
      UPDATE webhook_subscriptions SET "failingSince" = COALESCE("failingSince", ${at}), "updatedAt" = now()
      WHERE id = ${subscriptionId}::uuid RETURNING "failingSince", enabled, url`;
    if (!row || !row.enabled || at.getTime() - row.failingSince.getTime() < this.settings.retry.windowMs) return;
    const reason = `every delivery failed for ${this.settings.retry.windowMs / 1000} s (since ${row.failingSince.toISOString()}); last: ${outcome.error}`;
    const disabled = await tx.webhookSubscription.updateMany({
      where: { id: subscriptionId, enabled: true },
      data: { enabled: false, disabledReason: reason },
    });
    if (disabled.count === 0) return;
    const host = new URL(row.url).host;
    await this.audit.record(
      tx,
      { actor: SYSTEM },
      { action: 'webhook.disabled', target: { type: 'webhook', id: subscriptionId }, reason, after: { enabled: false, host } },
    );
    await enqueue(tx, 'webhook.disabled', {
      at: new Date().toISOString(),
      actor: SYSTEM,
      requestId: null,
      subscriptionId,
      host,
      failingSince: row.failingSince.toISOString(),
      lastError: outcome.error,
    });
    this.logger.warn(`webhook ${subscriptionId} to ${host} disabled: ${reason}`);
  }
}
