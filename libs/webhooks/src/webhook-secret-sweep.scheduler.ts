import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PrismaService } from '@killswitch/db';
import { SweepTimer } from '@killswitch/queue';

/** How soon after its grace period a rotated-out secret is erased (it stops signing at the period's end, whatever this is). */
export const SECRET_SWEEP_INTERVAL_MS = 60_000;

/**
 * Erases the secrets that rotations replaced once their grace period is over, in the worker: the old secret is not
 * kept, even sealed, after the receiver had its time to switch. Every replica runs it; the update is idempotent.
 */
@Injectable()
export class WebhookSecretSweepScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookSecretSweepScheduler.name);
  // A failed turn leaves them where they are, no longer signing: the next turn erases them.
  private readonly timer = new SweepTimer('erasing rotated-out webhook secrets', SECRET_SWEEP_INTERVAL_MS, () => this.forgetExpired(), this.logger);

  constructor(private readonly prisma: PrismaService) {}

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  /** Erases every previous secret whose grace period is over; answers how many. */
  async forgetExpired(): Promise<number> {
    const { count } = await this.prisma.webhookSubscription.updateMany({
      where: { previousSecretExpiresAt: { lte: new Date() } },
      data: { previousSecret: null, previousSecretExpiresAt: null },
    });
    return count;
  }

  onModuleDestroy(): Promise<void> {
    return this.timer.stop();
  }
}
