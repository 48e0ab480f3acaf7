import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { PrismaService } from '@killswitch/db';
import { SweepTimer } from '@killswitch/queue';

const SWEEP_MS = 60_000;

/**
 * Deliveries still queued or sent DELIVERY_TTL_SEC after they were queued are
 * marked expired (AWS IoT Jobs' TIMED_OUT), so a device that never came back
 * shows as such instead of pending for ever. Only unfinished revocations are
 * swept, each through its deliveries' primary key (revocationId, deviceId).
 */
@Injectable()
export class DeliveryExpiry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryExpiry.name);
  private readonly timer = new SweepTimer('delivery expiry', SWEEP_MS, () => this.expire(), this.logger);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: EnvConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.timer.stop();
  }

  /** Marks overdue deliveries expired; returns how many. */
  async expire(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.DELIVERY_TTL_SEC * 1000);
    const revocations = await this.prisma.revocation.findMany({ where: { completedAt: null, createdAt: { lt: cutoff } }, select: { id: true } });
    let expired = 0;
    for (const { id } of revocations) {
      expired += await this.prisma.$executeRaw`
        UPDATE deliveries SET state = 'expired', "updatedAt" = now()
        WHERE "revocationId" = ${id}::uuid AND state IN ('queued', 'sent') AND "queuedAt" < ${cutoff}`;
    }
    if (expired > 0) this.logger.log(`${expired} deliveries expired unacknowledged after ${this.config.DELIVERY_TTL_SEC} s`);
    return expired;
  }
}
