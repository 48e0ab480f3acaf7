import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { PrismaService } from '@killswitch/db';
import { QueueService, SweepTimer } from '@killswitch/queue';
import { fanoutsResumed } from './fanout-metrics';

/** A sweep looks at this many unfinished fan-outs, oldest first; more are reached as these finish. */
const BATCH = 1000;

/**
 * Queues again a fan-out that stopped. A revocation's fan-out job can be lost
 * for good: a Redis that keeps nothing on disk restarts after the outbox relay
 * handed the job over, or the job fails its last retry while the database is
 * down for longer than its backoff. The revocation then stays not fanned out:
 * devices offline at the kill never get a delivery to acknowledge, and its
 * progress never completes.
 *
 * A revocation not fanned out whose cursor has not moved between two sweeps
 * (FANOUT_SWEEP_SEC apart) has its fan-out run again, under one job id a
 * revocation (`fanout-resume-<id>`, through QueueService.runNow): a resume
 * already waiting or running is left alone, a finished one runs again. A
 * fan-out resumes from its saved cursor, and pages and deliveries count only
 * the rows they insert, so a resume that overlaps a live fan-out (one waiting
 * its turn behind a busy queue, say) duplicates no delivery and no count.
 * What each worker saw last is its own: several workers sweep side by side,
 * and the one job id keeps them to one resume. While the revocations queue is
 * paused nothing has stopped on its own, and the sweep looks at nothing.
 */
@Injectable()
export class FanoutSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FanoutSweep.name);
  private readonly timer: SweepTimer;
  /** Each unfinished fan-out's cursor at the last sweep ('' before its first page). */
  private seen = new Map<string, string>();
  private readonly everySec: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
    config: EnvConfig,
  ) {
    this.everySec = config.FANOUT_SWEEP_SEC;
    this.timer = new SweepTimer('fan-out sweep', this.everySec * 1000, () => this.sweep(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.timer.stop();
  }

  /** Returns the revocations whose fan-out it queued again. */
  async sweep(): Promise<string[]> {
    // A paused queue (the queue dashboard) holds every fan-out on purpose: none of them has stopped.
    if (await this.queue.queueOf('revocation.fanout').isPaused()) {
      this.seen.clear();
      return [];
    }
    const open = await this.prisma.revocation.findMany({
      where: { fannedOutAt: null },
      select: { id: true, fanoutCursor: true },
      orderBy: { createdAt: 'asc' },
      take: BATCH,
    });
    const now = new Map(open.map((r) => [r.id, r.fanoutCursor ?? '']));
    const stopped = open.filter((r) => this.seen.get(r.id) === now.get(r.id)).map((r) => r.id);
    this.seen = now;
    const queued: string[] = [];
    for (const revocationId of stopped) {
      const outcome = await this.queue.runNow('revocation.fanout', { revocationId }, `fanout-resume-${revocationId}`);
      if (outcome === 'waiting' || outcome === 'running') continue;
      this.logger.warn(`revocation ${revocationId}: its fan-out had not moved in ${this.everySec} s; queued again (${outcome})`);
      fanoutsResumed.inc({ outcome });
      queued.push(revocationId);
    }
    return queued;
  }
}
