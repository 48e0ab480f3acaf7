import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Actor, AuditService } from '@killswitch/audit';
import { EnvConfig } from '@killswitch/config';
import { PrismaService, Tx, truncateCodePoints } from '@killswitch/db';
import { JobRun, enqueue } from '@killswitch/queue';
import { signWebhookWithEach, signingSecrets } from './webhook-secret';
import { SendOutcome, sendWebhook } from './webhook-sender';
import { webhookRetryDelay } from './webhook-retry';
import { WebhookSettings, webhookSettings } from './webhook-settings';
import { webhookDeliveryFailures } from './webhook-metrics';

const SYSTEM: Actor = { type: 'system', label: 'system:webhooks' };

/** How an attempt that did not throw ended: over, or failed with a person's retry asked for meanwhile, to be made now. */
type AttemptEnd = 'over' | 'asked-again';

/**
 * One attempt at one delivery: signed per Standard Webhooks with the attempt's own timestamp, the same
 * webhook-id and body every time, and recorded whatever happens. A failure throws, so BullMQ retries
 * it with the webhook backoff, until the delivery is older than WEBHOOK_RETRY_WINDOW_SEC; then it is
 * given up. A subscription whose attempts have all failed for that long is disabled, with an audit
 * entry and a webhook.disabled event (delivered to the admins' other subscriptions).
 *
 * Two attempts at one delivery never run at once: each first claims the delivery in the database (a compare-and-set
 * on attemptStartedAt), and one that finds it claimed sends nothing and throws, to be retried when the other is over.
 * Starting an attempt answers a person's retry asked for before it (retryRequestedAt). One asked for while it runs is
 * answered as it ends: a failed attempt is followed at once by one more, in the same job (however many asked, and even
 * past the retry window); a successful one clears the ask, since a delivered delivery needs no retry.
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
    // A failed attempt during which a retry was asked for is followed by the next one here: never beside it, never lost.
    for (;;) {
      if ((await this.attempt(deliveryId, run)) === 'over') return;
    }
  }

  private async attempt(deliveryId: string, run: JobRun): Promise<AttemptEnd> {
    const delivery = await this.prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { subscription: true } });
    // Deleted with its subscription, already delivered, or given up: nothing to send.
    if (!delivery || delivery.state !== 'pending') return 'over';
    const { subscription } = delivery;
    if (!subscription.enabled) {
      // Not sent answers an ask too: one made once the webhook is enabled again must not join this one.
      await this.prisma.webhookDelivery.update({
        where: { id: deliveryId },
        data: { state: 'failed', lastError: 'not sent: the webhook is disabled', nextRetryAt: null, retryRequestedAt: null },
      });
      return 'over';
    }
    // Unsealed before the claim: a secret that cannot be opened fails the job and leaves no claim behind.
    const secrets = signingSecrets(subscription, this.settings.kek, new Date());
    const claim = await this.claim(deliveryId);
    if (claim === null) {
      const now = await this.prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { state: true } });
      if (!now || now.state !== 'pending') return 'over';
      throw new Error(`webhook delivery ${delivery.webhookId}: another attempt at it is under way; this one is tried again later`);
    }
    const { attempt, claimedAt } = claim;
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
          data: {
            state: 'succeeded',
            deliveredAt: new Date(),
            lastStatusCode: outcome.statusCode,
            lastError: null,
            nextRetryAt: null,
            attemptStartedAt: null,
            retryRequestedAt: null,
          },
        }),
        this.prisma.webhookSubscription.updateMany({ where: { id: subscription.id }, data: { failingSince: null } }),
      ]);
      return 'over';
    }

    const now = Date.now();
    const delay = webhookRetryDelay(run.attemptsMade + 1, this.settings.retry);
    const windowOver = now - delivery.createdAt.getTime() + delay > this.settings.retry.windowMs;
    const end = await this.prisma.$transaction(async (tx) => {
      // Locked as a person's ask locks it: an ask either is seen here, or finds this attempt over and goes to the queue.
      const [row] = await tx.$queryRaw<{ askedAgain: boolean }[]>`
        SELECT COALESCE("retryRequestedAt" >= ${claimedAt}, false) AS "askedAgain" FROM webhook_deliveries WHERE id = ${deliveryId}::uuid FOR UPDATE`;
      const askedAgain = row?.askedAgain === true;
      const givenUp = !askedAgain && windowOver;
      const nextRetryAt = askedAgain ? new Date(now) : givenUp ? null : new Date(now + delay);
      await tx.webhookDeliveryAttempt.create({ data: { ...attemptRow, nextRetryAt } });
      // The ask stays open for the next attempt's claim to answer: should this worker die first, BullMQ runs the stalled job again.
      await tx.webhookDelivery.update({
        where: { id: deliveryId },
        data: { state: givenUp ? 'failed' : 'pending', lastStatusCode: outcome.statusCode, lastError: outcome.error, nextRetryAt, attemptStartedAt: null },
      });
      await this.recordFailure(tx, subscription.id, startedAt, outcome);
      return { askedAgain, givenUp };
    });
    webhookDeliveryFailures.inc({ outcome: end.givenUp ? 'given-up' : 'retrying' });
    const message = `webhook delivery ${delivery.webhookId} attempt ${attempt}: ${outcome.error}`;
    if (end.askedAgain) {
      this.logger.log(`${message}; a retry was asked for during it, made now`);
      return 'asked-again';
    }
    if (end.givenUp) throw new UnrecoverableError(`${message}; given up after ${Math.round((now - delivery.createdAt.getTime()) / 1000)} s`);
    throw new Error(message);
  }

  /**
   * The delivery's job failed for good without an attempt giving the delivery up (BullMQ failed it: it stalled too
   * often, or ran out of attempts): failed, visibly and for a person to retry, where it would have stayed pending with
   * nothing left to send it.
   */
  async giveUp(deliveryId: string, reason: string): Promise<void> {
    const given = await this.prisma.webhookDelivery.updateMany({
      where: { id: deliveryId, state: 'pending' },
      data: { state: 'failed', lastError: `given up: ${truncateCodePoints(reason, 300)}`, nextRetryAt: null, attemptStartedAt: null },
    });
    if (given.count > 0) {
      webhookDeliveryFailures.inc({ outcome: 'given-up' });
      this.logger.warn(`webhook delivery ${deliveryId} given up: ${reason}`);
    }
  }

  /**
   * Claims a pending delivery for one attempt, unless another attempt holds it (a claim younger than its lapse): the
   * attempt's number and the claim's time, or null. A person's retry asked for before now is answered by this attempt.
   */
  private async claim(deliveryId: string): Promise<{ attempt: number; claimedAt: Date } | null> {
    const [row] = await this.prisma.$queryRaw<{ attemptCount: number; attemptStartedAt: Date }[]>`
      UPDATE webhook_deliveries
      SET "attemptCount" = "attemptCount" + 1, "attemptStartedAt" = now(), "retryRequestedAt" = NULL, "updatedAt" = now()
      WHERE id = ${deliveryId}::uuid AND state = 'pending'
        AND ("attemptStartedAt" IS NULL OR "attemptStartedAt" < now() - ${this.settings.claimLapseMs}::int * interval '1 millisecond')
      RETURNING "attemptCount", "attemptStartedAt"`;
    return row ? { attempt: row.attemptCount, claimedAt: row.attemptStartedAt } : null;
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
