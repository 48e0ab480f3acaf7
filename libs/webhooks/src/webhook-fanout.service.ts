import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { Prisma, PrismaService } from '@killswitch/db';
import { Jobs, QueueService, webhookDeliveryJobId } from '@killswitch/queue';
import { renderBody } from './webhook-body';
import { webhookEventsOf } from './webhook-events';
import { giveUpFanoutsPastWindow } from './webhook-fanout-given-up';
import { wantedSince } from './webhook-events-since';
import { WebhookSettings, webhookSettings } from './webhook-settings';

/**
 * One committed domain event → one delivery for each enabled subscription that existed when the event
 * was written and each of its webhook event types the subscription wants, then one delivery job each.
 * Running it again (a retried job, a relay that re-added it) adds no delivery twice: the rows are
 * unique by subscription, source event and type.
 *
 * "Existed": subscription createdAt <= the outbox row's createdAt. The fan-out runs when the relay and
 * this queue get to it, seconds or hours later when the worker lags or is down; matching the
 * subscriptions of that moment would send a receiver set up at 10:05 a kill from 10:00, one it was
 * never meant to see. Both times come from the clock of the process that wrote the row: Prisma 7 fills
 * `@default(now())` in the client, not the database, and enqueueSql writes the process's time too, so
 * the database's clock is never compared with an application's. What remains is the skew between the
 * API and worker hosts (NTP: milliseconds), which only decides for a subscription made within it.
 * The outbox row's time, not the payload's `at`: it is written in one place for every event, in the
 * transaction of the change. Whether a subscription is enabled, and what it wants, is still read now:
 * one disabled or deleted since is not sent the backlog; and one enabled again, or given a new event type,
 * since the event was written is not sent it either (its eventsSince, webhook-events-since.ts).
 */
@Injectable()
export class WebhookFanoutService {
  private readonly logger = new Logger(WebhookFanoutService.name);
  private readonly settings: WebhookSettings;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
    config: EnvConfig,
  ) {
    this.settings = webhookSettings(config);
  }

  /** Makes and queues the event's deliveries, then marks its outbox row fanned out (WebhookFanoutSweep looks for the rest). */
  async fanOut(job: Jobs['webhook.fanout']): Promise<void> {
    const row = outboxRowOf(job);
    if (await this.givenUp(row)) return;
    await this.deliver(job);
    await this.prisma.$executeRaw`UPDATE outbox SET "webhooksFannedOutAt" = now() WHERE ${row} AND "webhooksFannedOutAt" IS NULL`;
  }

  /**
   * A fan-out still not done a whole retry window after its event's dispatch sends nothing: the sweep gives such a row
   * up (WebhookFanoutSweep), and the job's own retries, a minute apart for hours, must not send it after that. The row
   * is marked if nothing had marked it, and then logged and counted as the sweep does.
   */
  private async givenUp(row: Prisma.Sql): Promise<boolean> {
    const windowSec = Math.round(this.settings.retry.windowMs / 1000);
    const [past] = await this.prisma.$queryRaw<{ past: boolean }[]>`
      SELECT "dispatchedAt" < now() - ${windowSec}::int * interval '1 second' AS past FROM outbox WHERE ${row}`;
    if (past?.past !== true) return false;
    await giveUpFanoutsPastWindow(this.prisma, row, windowSec, this.logger);
    return true;
  }

  private async deliver({ eventId, event, occurredAt }: Jobs['webhook.fanout']): Promise<void> {
    const events = webhookEventsOf(event);
    if (events.length === 0) return;
    const writtenAt = new Date(occurredAt ?? event.payload.at);
    const subscriptions = await this.prisma.webhookSubscription.findMany({
      where: { enabled: true, events: { hasSome: events.map((e) => e.type) }, createdAt: { lte: writtenAt } },
      select: { id: true, url: true, format: true, events: true, createdAt: true, eventsSince: true },
    });
    const rows = subscriptions.flatMap((s) =>
      events
        .filter((e) => s.events.includes(e.type) && wantedSince(s, e.type, writtenAt.getTime()))
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

/** The job's outbox row: by its key, or, for a job an earlier release queued without one, by its job id. */
function outboxRowOf(job: Jobs['webhook.fanout']): Prisma.Sql {
  return job.outboxId !== undefined ? Prisma.sql`id = ${BigInt(job.outboxId)}` : Prisma.sql`"jobId" = ${job.eventId}::uuid`;
}
