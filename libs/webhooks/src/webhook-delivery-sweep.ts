import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { Prisma, PrismaService } from '@killswitch/db';
import { QueueService, SweepTimer, webhookDeliveryJobId } from '@killswitch/queue';
import { webhookDeliveriesRequeued } from './webhook-metrics';
import { webhookSettings } from './webhook-settings';

/** A sweep looks at this many overdue deliveries, oldest first; the next sweep goes on after the last of them. */
const BATCH = 500;
/** Before every delivery id (uuid 7: ids sort in the order the deliveries were made). */
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Queues again a webhook delivery whose job is gone. A pending delivery has exactly one BullMQ job, its chain of
 * attempts (webhookDeliveryJobId), and nothing else sends it: the outbox row that made it was marked dispatched long
 * ago. A Redis that keeps nothing on disk and restarts takes every pending delivery's job with it, and the receiver
 * (a pager, a chat, a SIEM) would never get that kill.created.
 *
 * Overdue: pending, no attempt under way (no claim, or one past the claim lapse the attempts take as dead), and due for
 * more than a whole interval (WEBHOOK_SWEEP_SEC): its retry time, or when it was made or last changed if it has none,
 * that long past. Such a delivery's job is looked up by its one id: one still on its way (waiting, delayed in its
 * backoff, running, prioritized) is left alone, the backoff kept; a missing one is added again under the same id; a
 * finished one (completed or failed while the delivery is still pending) runs again, attempts counted from zero. The
 * delivery is read again once its job is found gone, so one delivered in the meantime is not sent for. Several workers
 * sweep side by side, and the one job id keeps them to one chain; an attempt's claim on the delivery keeps any two
 * attempts from sending at once. While the webhooks queue is paused its jobs wait on purpose, and the sweep looks at
 * nothing.
 *
 * Each sweep looks at BATCH overdue deliveries after where the previous one stopped, so a backlog of overdue jobs still
 * waiting their turn never hides a lost one behind it; a short batch starts the next sweep from the oldest again.
 */
@Injectable()
export class WebhookDeliverySweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliverySweep.name);
  private readonly timer: SweepTimer;
  private readonly everySec: number;
  private readonly claimLapseMs: number;
  /** Where the next sweep starts: after the last delivery the previous one looked at. */
  private after = FIRST_ID;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
    config: EnvConfig,
  ) {
    this.everySec = config.WEBHOOK_SWEEP_SEC;
    this.claimLapseMs = webhookSettings(config).claimLapseMs;
    this.timer = new SweepTimer('webhook delivery sweep', this.everySec * 1000, () => this.sweep(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.timer.stop();
  }

  /** Returns the deliveries it queued again. */
  async sweep(): Promise<string[]> {
    // A paused queue (the queue dashboard) holds every delivery's job on purpose: none of them is lost.
    if (await this.queue.queueOf('webhook.deliver').isPaused()) return [];
    const overdue = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM webhook_deliveries WHERE ${this.isOverdue()} AND id > ${this.after}::uuid ORDER BY id LIMIT ${BATCH}`;
    this.after = overdue.length === BATCH ? overdue[BATCH - 1].id : FIRST_ID;
    const requeued: string[] = [];
    for (const { id: deliveryId } of overdue) {
      const outcome = await this.queue.requeue('webhook.deliver', { deliveryId }, webhookDeliveryJobId(deliveryId), () => this.stillOverdue(deliveryId));
      if (outcome === 'live' || outcome === 'unwanted') continue;
      const job = outcome === 'added' ? 'gone' : 'finished';
      this.logger.warn(`webhook delivery ${deliveryId}: pending and overdue (due over ${this.everySec} s ago), its job ${job}; queued again (${outcome})`);
      webhookDeliveriesRequeued.inc({ outcome });
      requeued.push(deliveryId);
    }
    return requeued;
  }

  private async stillOverdue(deliveryId: string): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ overdue: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = ${deliveryId}::uuid AND ${this.isOverdue()}) AS overdue`;
    return row?.overdue === true;
  }

  /** Pending, no live claim, due for more than an interval; on the database's clock, as the claim is. */
  private isOverdue(): Prisma.Sql {
    return Prisma.sql`state = 'pending'
      AND ("attemptStartedAt" IS NULL OR "attemptStartedAt" < now() - ${this.claimLapseMs}::int * interval '1 millisecond')
      AND COALESCE("nextRetryAt", "updatedAt") < now() - ${this.everySec}::int * interval '1 second'`;
  }
}
