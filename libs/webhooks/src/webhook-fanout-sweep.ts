import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { Prisma, PrismaService } from '@killswitch/db';
import { QueueService, SweepTimer, hasWebhookFanout, readOutboxRow, webhookFanout } from '@killswitch/queue';
import { giveUpFanoutsPastWindow } from './webhook-fanout-given-up';
import { webhookFanoutsRequeued } from './webhook-metrics';

/** A sweep looks at this many owed fan-outs, oldest first; the next sweep goes on after the last of them. */
const BATCH = 500;

interface OwedRow {
  id: bigint;
  jobId: string;
  topic: string;
  payload: unknown;
  createdAt: Date;
}

/**
 * Queues again the webhook fan-out of a committed event whose job is gone. The relay hands each outbox row's fan-out to
 * the webhooks queue once and marks the row dispatched; the fan-out marks it "webhooksFannedOutAt" once its deliveries
 * are made and queued (the relay marks at once a row with no fan-out). A Redis that keeps nothing on disk and restarts
 * takes a waiting fan-out job with it, and a fan-out that ran out of attempts stays failed: either way a subscriber's
 * pager, chat or SIEM would never get that kill.created.
 *
 * Owed: dispatched more than a whole interval (WEBHOOK_SWEEP_SEC) ago and not marked. One still owed a whole retry
 * window (WEBHOOK_RETRY_WINDOW_SEC) after its dispatch is given up: a day-old kill.created is no page, and the row would
 * stay among the owed for good; it is logged as an error, counted, and marked at the epoch (a retry of its job after
 * that sends nothing: WebhookFanoutService checks the window too). A row of an event with no
 * fan-out that a relay of the release before the mark dispatched is marked. Otherwise its job is looked up by its one id: one
 * still on its way (waiting behind a backlog, delayed in its backoff, running) is left alone; a missing one is added
 * again under the same id; a failed one runs again. A completed one made its deliveries (a worker of the release before
 * the mark, during a rolling deploy): the row is marked, nothing runs again. Running a fan-out twice makes no delivery
 * twice (they are unique by subscription, event and type) and sends only to subscriptions that existed when the event
 * was written. The row is read again once its job is found gone, so one marked meanwhile is left alone. While the
 * webhooks queue is paused its jobs wait on purpose, and the sweep looks at nothing.
 */
@Injectable()
export class WebhookFanoutSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookFanoutSweep.name);
  private readonly timer: SweepTimer;
  private readonly everySec: number;
  private readonly windowSec: number;
  /** Where the next sweep starts: after the last outbox row the previous one looked at. */
  private after = 0n;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
    config: EnvConfig,
  ) {
    this.everySec = config.WEBHOOK_SWEEP_SEC;
    this.windowSec = config.WEBHOOK_RETRY_WINDOW_SEC;
    this.timer = new SweepTimer('webhook fan-out sweep', this.everySec * 1000, () => this.sweep(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.timer.stop();
  }

  /** Returns the outbox job ids of the events whose fan-out it queued again. */
  async sweep(): Promise<string[]> {
    if (await this.queue.queueOf('webhook.fanout').isPaused()) return [];
    await this.abandonPastWindow();
    const owed = await this.prisma.$queryRaw<OwedRow[]>`
      SELECT id, "jobId"::text AS "jobId", topic, payload, "createdAt" FROM outbox
      WHERE "webhooksFannedOutAt" IS NULL AND id > ${this.after}
        AND "dispatchedAt" < now() - ${this.everySec}::int * interval '1 second'
        AND "dispatchedAt" > now() - ${this.windowSec}::int * interval '1 second'
      ORDER BY id LIMIT ${BATCH}`;
    this.after = owed.length === BATCH ? owed[BATCH - 1].id : 0n;
    const requeued: string[] = [];
    for (const row of owed) {
      const event = readOutboxRow(row.topic, row.payload);
      if (!event) continue;
      if (!hasWebhookFanout(event.name)) {
        await this.markFannedOut(row.id);
        continue;
      }
      const { name, data, jobId } = webhookFanout(event, row.jobId, row.createdAt, row.id);
      const outcome = await this.queue.requeue(name, data, jobId, () => this.stillOwed(row.id), { keepCompleted: true });
      if (outcome === 'completed') await this.markFannedOut(row.id);
      if (outcome === 'completed' || outcome === 'live' || outcome === 'unwanted') continue;
      const job = outcome === 'added' ? 'gone' : 'failed';
      this.logger.warn(
        `webhook fan-out of ${row.topic} (outbox ${row.id}): not done ${this.everySec} s after dispatch, its job ${job}; queued again (${outcome})`,
      );
      webhookFanoutsRequeued.inc({ outcome });
      requeued.push(row.jobId);
    }
    return requeued;
  }

  /** Gives up the fan-outs still owed a whole retry window after their dispatch (see the class's doc). */
  private async abandonPastWindow(): Promise<void> {
    await giveUpFanoutsPastWindow(this.prisma, Prisma.sql`TRUE`, this.windowSec, this.logger);
  }

  /** A completed fan-out whose worker did not mark its row (the release before the mark), or an event with none. */
  private markFannedOut(id: bigint): Promise<number> {
    return this.prisma.$executeRaw`UPDATE outbox SET "webhooksFannedOutAt" = now() WHERE id = ${id} AND "webhooksFannedOutAt" IS NULL`;
  }

  private async stillOwed(id: bigint): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ owed: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM outbox WHERE id = ${id} AND "webhooksFannedOutAt" IS NULL) AS owed`;
    return row?.owed === true;
  }
}
