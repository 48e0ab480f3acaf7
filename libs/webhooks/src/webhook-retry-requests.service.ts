import { Injectable } from '@nestjs/common';
import { PrismaService } from '@killswitch/db';
import { QueueService, webhookDeliveryJobId } from '@killswitch/queue';

/**
 * A person's retry (POST …/retry), acted on in the worker: the delivery's one chain of attempts (its `webhook.deliver`
 * job) tries now, and no second chain starts beside it. A retry scheduled for later is brought forward, and the chain
 * goes on from there with its backoff; an attempt already waiting or under way is the one asked for; a chain that ended
 * (delivered, given up, or not sent while its webhook was disabled) starts again, retried within the delivery's retry
 * window as before, so one whose window is over gets one attempt.
 *
 * The ask is the delivery's retryRequestedAt, and this job only ever acts on an open one: asks that joined it, and a
 * job that finds it answered already (by an attempt that started since, or by another job), do nothing more.
 */
@Injectable()
export class WebhookRetryRequestsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
  ) {}

  async act(deliveryId: string): Promise<void> {
    const delivery = await this.prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { retryRequestedAt: true } });
    if (!delivery?.retryRequestedAt) return;
    await this.queue.runNow('webhook.deliver', { deliveryId }, webhookDeliveryJobId(deliveryId));
    // Only this ask: one made since, after an earlier one was taken as lost, stays open for its own job.
    await this.prisma.webhookDelivery.updateMany({ where: { id: deliveryId, retryRequestedAt: delivery.retryRequestedAt }, data: { retryRequestedAt: null } });
  }
}
