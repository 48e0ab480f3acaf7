import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { EnvConfig } from '@killswitch/config';
import { CURSOR_KEY, DEFAULT_PAGE_SIZE, PrismaService, WebhookDeliveryState, decodeCursor, toPage, ReadReplica } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { UserContext } from '@killswitch/identity';
import { enqueue } from '@killswitch/queue';
import { WebhookDeliveryListQuery, WebhookDeliveryPage, WebhookDeliveryView } from './dto/webhook.dto';
import { renderBody } from './webhook-body';
import { WEBHOOK_TEST_EVENT } from './webhook-events';
import { WebhookSettings, webhookSettings } from './webhook-settings';
import { deliveryView } from './webhook-views';

/**
 * An ask to retry that the worker has not acted on in this long is taken as lost (its job gone, say, with a Redis that
 * kept nothing) and the next ask is made anew: the worker acts on one open ask at most once, so a late job does no harm.
 */
const RETRY_ASK_LAPSE_SEC = 60;

/**
 * Reading a subscription's deliveries, and the sends a person asks for (a test, a retry). Those are
 * written with their outbox event in one transaction; the worker sends them, never this request.
 */
@Injectable()
export class WebhookDeliveriesService {
  private readonly settings: WebhookSettings;

  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
    private readonly audit: AuditService,
    config: EnvConfig,
  ) {
    this.settings = webhookSettings(config);
  }

  async list(subscriptionId: string, query: WebhookDeliveryListQuery): Promise<WebhookDeliveryPage> {
    await this.subscription(subscriptionId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) =>
      db.webhookDelivery.findMany({
        where: { subscriptionId, ...(after ? { id: { lt: after } } : {}) },
        include: { attempts: { orderBy: { attempt: 'asc' } } },
        orderBy: { id: 'desc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (d) => d.id);
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  /** A `webhook.test` delivery to this subscription, signed and formatted like any other. */
  async test(ctx: UserContext, subscriptionId: string): Promise<WebhookDeliveryView> {
    const subscription = await this.subscription(subscriptionId);
    // The worker sends nothing to a disabled webhook: a test of one would be queued only to fail.
    if (!subscription.enabled) throw disabledWebhook(subscriptionId, 'sending a test');
    const webhookId = `msg_${randomUUID()}`;
    const at = new Date().toISOString();
    const rendered = renderBody(
      subscription.format,
      {
        type: WEBHOOK_TEST_EVENT,
        subject: `webhooks/${subscriptionId}`,
        summary: `A test delivery asked for by ${ctx.actor.label}`,
        time: at,
        data: { subscriptionId, requestedBy: ctx.actor.label, message: 'A test delivery from Killswitch: this webhook works.' },
      },
      { webhookId, source: this.settings.source, url: subscription.url },
    );
    return this.prisma.$transaction(async (tx) => {
      const delivery = await tx.webhookDelivery.create({
        data: { subscriptionId, webhookId, eventType: WEBHOOK_TEST_EVENT, body: rendered.body, contentType: rendered.contentType },
        include: { attempts: true },
      });
      await this.audit.record(tx, ctx, {
        action: 'webhook.test',
        target: { type: 'webhook', id: subscriptionId },
        after: { deliveryId: delivery.id, webhookId },
      });
      await enqueue(tx, 'webhook.delivery-requested', {
        at,
        actor: ctx.actor,
        requestId: ctx.requestId,
        subscriptionId,
        deliveryId: delivery.id,
        kind: 'test',
      });
      return deliveryView(delivery);
    });
  }

  /**
   * Asks for a delivery to be sent again now, same webhook-id and body; the worker acts on the ask
   * (WebhookRetryRequestsService). One still being retried gets its next attempt now, in its one chain of retries;
   * one delivered or given up starts again (one attempt, if its retry window is over); one with an attempt under way
   * gets one more right after it, unless that attempt delivers it. Asks made before the worker has acted on an earlier
   * one join it, so people clicking at once make one attempt; each ask is audited.
   */
  async retry(ctx: UserContext, subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const subscription = await this.subscription(subscriptionId);
    if (!subscription.enabled) throw disabledWebhook(subscriptionId, 'retrying');
    return this.prisma.$transaction(async (tx) => {
      // Locked, so asks at the same moment are taken one after another: the first asks, the rest find its ask open.
      const [found] = await tx.$queryRaw<{ state: WebhookDeliveryState; attemptCount: number; open: boolean | null }[]>`
        SELECT state, "attemptCount", "retryRequestedAt" > now() - ${RETRY_ASK_LAPSE_SEC}::int * interval '1 second' AS open
        FROM webhook_deliveries WHERE id = ${deliveryId}::uuid AND "subscriptionId" = ${subscriptionId}::uuid FOR UPDATE`;
      if (!found) throw new AppError('not_found', `delivery ${deliveryId} of webhook ${subscriptionId} does not exist`);
      const joined = found.open === true;
      if (!joined) {
        // Stamped when recorded, under the lock (clock_timestamp, not the transaction's start): after the claim of any
        // attempt found under way, which is how that attempt knows to make one more as it ends.
        await tx.$executeRaw`
          UPDATE webhook_deliveries SET state = 'pending', "nextRetryAt" = NULL, "retryRequestedAt" = clock_timestamp(), "updatedAt" = now()
          WHERE id = ${deliveryId}::uuid`;
      }
      const delivery = await tx.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { attempts: { orderBy: { attempt: 'asc' } } } });
      await this.audit.record(tx, ctx, {
        action: 'webhook.retry',
        target: { type: 'webhook', id: subscriptionId },
        before: { deliveryId, state: found.state, attemptCount: found.attemptCount },
        after: { deliveryId, state: delivery.state, joined },
      });
      if (!joined) {
        await enqueue(tx, 'webhook.delivery-requested', {
          at: new Date().toISOString(),
          actor: ctx.actor,
          requestId: ctx.requestId,
          subscriptionId,
          deliveryId,
          kind: 'retry',
        });
      }
      return deliveryView(delivery);
    });
  }

  private async subscription(id: string) {
    const subscription = await this.prisma.webhookSubscription.findUnique({ where: { id } });
    if (!subscription) throw new AppError('not_found', `webhook ${id} does not exist`);
    return subscription;
  }
}

/** The worker sends nothing to a disabled webhook: what a person asks of one is refused until it is enabled. */
function disabledWebhook(subscriptionId: string, doing: string): AppError {
  return new AppError('conflict', `webhook ${subscriptionId} is disabled: enable it (PATCH enabled: true) before ${doing}`);
}
