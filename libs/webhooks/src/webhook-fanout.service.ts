import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { PrismaService } from '@killswitch/db';
import { Jobs, QueueService, webhookDeliveryJobId } from '@killswitch/queue';
import { renderBody } from './webhook-body';
import { webhookEventsOf } from './webhook-events';
import { WebhookSettings, webhookSettings } from './webhook-settings';

/**
 * One committed domain event → one delivery for each enabled subscription and each of its webhook event
 * types the subscription wants, then one delivery job each. Running it again (a retried job, a relay
 * that re-added it) adds no delivery twice: the rows are unique by subscription, source event and type.
 */
@Injectable()
export class WebhookFanoutService {
  private readonly settings: WebhookSettings;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
    config: EnvConfig,
  ) {
    this.settings = webhookSettings(config);
  }

  async fanOut({ eventId, event }: Jobs['webhook.fanout']): Promise<void> {
    const events = webhookEventsOf(event);
    if (events.length === 0) return;
    const subscriptions = await this.prisma.webhookSubscription.findMany({
      where: { enabled: true, events: { hasSome: events.map((e) => e.type) } },
      select: { id: true, url: true, format: true, events: true },
    });
    const rows = subscriptions.flatMap((s) =>
      events
        .filter((e) => s.events.includes(e.type))
        .map((e) => {
          const webhookId = `msg_${randomUUID()}`;
          const rendered = renderBody(s.format, e, { webhookId, source: this.settings.source, url: s.url });
          return { subscriptionId: s.id, webhookId, sourceEventId: eventId, eventType: e.type, body: rendered.body, contentType: rendered.contentType };
        }),
    );
    if (rows.length === 0) return;
    await this.prisma.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
    // Also the rows a previous run wrote but did not queue; a job id BullMQ still holds is not added twice.
    const unsent = await this.prisma.webhookDelivery.findMany({ where: { sourceEventId: eventId, state: 'pending', attemptCount: 0 }, select: { id: true } });
    await this.queue.addBulk(unsent.map((d) => ({ name: 'webhook.deliver' as const, data: { deliveryId: d.id }, jobId: webhookDeliveryJobId(d.id) })));
  }
}
