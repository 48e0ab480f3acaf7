import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { PrismaService } from '@killswitch/db';
import { QueueService, webhookDeliveryJobId } from '@killswitch/queue';
import { webhookSettings } from './webhook-settings';

/**
 * How long an ask waits for a running job that holds no claim on it (an attempt about to claim the delivery, or one just
 * over whose job BullMQ is moving on) to do so: milliseconds as a rule. Past it, this job fails and is tried again later.
 */
const RUNNING_WAIT_MS = 5_000;
const RUNNING_POLL_MS = 50;

/**
 * A person's retry (POST …/retry), acted on in the worker: the delivery's one chain of attempts (its `webhook.deliver`
 * job) tries now, and no second chain starts beside it. A retry scheduled for later is brought forward, and the chain
 * goes on from there with its backoff; an attempt waiting to run is the one asked for; a chain that ended (delivered,
 * given up, or not sent while its webhook was disabled) starts again, retried within the delivery's retry window as
 * before, so one whose window is over gets one attempt.
 *
 * An attempt under way when the ask was made cannot be the one asked for: the ask is left open, and that attempt
 * answers it as it ends (WebhookAttemptsService: one more attempt right after a failure, none after a success).
 *
 * The ask is the delivery's retryRequestedAt, and this job only ever acts on an open one: asks that joined it, and a
 * job that finds it answered already (by an attempt that started since, or by another job), do nothing more.
 */
@Injectable()
export class WebhookRetryRequestsService {
  private readonly claimLapseMs: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
    config: EnvConfig,
  ) {
    this.claimLapseMs = webhookSettings(config).claimLapseMs;
  }

  async act(deliveryId: string): Promise<void> {
    const until = Date.now() + RUNNING_WAIT_MS;
    for (;;) {
      // A claim made before the ask, and not lapsed: its attempt was under way when the ask was made.
      const [ask] = await this.prisma.$queryRaw<{ requestedAt: Date; answeredByAttempt: boolean }[]>`
        SELECT "retryRequestedAt" AS "requestedAt",
          COALESCE("attemptStartedAt" <= "retryRequestedAt"
            AND "attemptStartedAt" >= now() - ${this.claimLapseMs}::int * interval '1 millisecond', false) AS "answeredByAttempt"
        FROM webhook_deliveries WHERE id = ${deliveryId}::uuid AND "retryRequestedAt" IS NOT NULL`;
      if (!ask || ask.answeredByAttempt) return;
      const outcome = await this.queue.runNow('webhook.deliver', { deliveryId }, webhookDeliveryJobId(deliveryId));
      if (outcome !== 'running') {
        // Only this ask: one made since, after an earlier one was taken as lost, stays open for its own job.
        await this.prisma.webhookDelivery.updateMany({ where: { id: deliveryId, retryRequestedAt: ask.requestedAt }, data: { retryRequestedAt: null } });
        return;
      }
      // Running without a claim older than the ask: it claims the delivery in a moment (answering the ask), or it is over
      // and BullMQ is moving its job on (delayed, completed or failed), which the next look acts on.
      if (Date.now() >= until) throw new Error(`webhook delivery ${deliveryId}: its job is still running without an attempt under way; tried again later`);
      await sleep(RUNNING_POLL_MS);
    }
  }
}
