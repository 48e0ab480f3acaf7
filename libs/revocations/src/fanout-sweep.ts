import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EnvConfig } from '@killswitch/config';
import { PrismaService } from '@killswitch/db';
import { QueueService, SweepTimer } from '@killswitch/queue';
import { deliveriesRequeued, fanoutsResumed } from './fanout-metrics';
import { FanoutService } from './fanout.service';

/** A sweep looks at this many unfinished fan-outs, oldest first; more are reached as these finish. */
const BATCH = 1000;

/**
 * Queues again a fan-out that stopped, and the delivery jobs of a fan-out that
 * Redis lost. A revocation's fan-out job can be lost for good: a Redis that
 * keeps nothing on disk restarts after the outbox relay handed the job over, or
 * the job fails its last retry while the database is down for longer than its
 * backoff. The revocation then stays not fanned out: devices offline at the
 * kill never get a delivery to acknowledge, and its progress never completes.
 *
 * Only an idle revocations queue is looked at (sweep()): while any job waits,
 * is delayed or runs, it may be the job of a fan-out that only looks stopped.
 * A revocation not fanned out whose cursor has not moved between two such
 * sweeps (FANOUT_SWEEP_SEC apart) has its fan-out queued again under one job
 * id a revocation (`fanout-resume-<id>`, through QueueService.requeue). A
 * fan-out resumes from its saved cursor, and pages and deliveries count only
 * the rows they insert, so even a resume beside a live fan-out duplicates no
 * delivery and no count. What each worker saw last is its own: several
 * workers sweep side by side, and the one job id keeps them to one resume.
 * While the revocations queue is paused nothing has stopped on its own, and
 * the sweep looks at nothing.
 */
@Injectable()
export class FanoutSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FanoutSweep.name);
  private readonly timer: SweepTimer;
  /** Each unfinished fan-out's cursor at the last sweep ('' before its first page). */
  private seen = new Map<string, string>();
  /** Fanned-out revocations in flight seen with no delivery left queued. */
  private readonly drained = new Set<string>();
  private readonly everySec: number;
  private readonly ttlSec: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
    private readonly fanout: FanoutService,
    config: EnvConfig,
  ) {
    this.everySec = config.FANOUT_SWEEP_SEC;
    this.ttlSec = config.DELIVERY_TTL_SEC;
    this.timer = new SweepTimer('fan-out sweep', this.everySec * 1000, () => this.sweep(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.timer.stop();
  }

  /** One sweep: the fanned-out revocations whose delivery jobs it queued again, and the fan-outs it queued again. */
  async sweep(): Promise<{ resumed: string[]; requeued: string[] }> {
    // A paused queue (the queue dashboard) holds every fan-out and delivery on purpose: none of them has stopped.
    // A queue with any job waiting, delayed or running may still hold the job of a fan-out that looks stopped (one
    // behind a backlog, one in a retry's backoff): only an idle queue says that every job it had is gone or failed.
    const queue = this.queue.queueOf('revocation.fanout');
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if ((await queue.isPaused()) || Object.values(counts).some((n) => n > 0)) {
      this.seen.clear();
      return { resumed: [], requeued: [] };
    }
    const since = new Date(Date.now() - this.ttlSec * 1000);
    return { requeued: await this.requeueStranded(since), resumed: await this.resumeStopped(since) };
  }

  /**
   * Fan-outs (younger than DELIVERY_TTL_SEC) whose cursor has not moved since the last sweep, the queue idle: each
   * queued again under its one resume job id, unless it was fanned out or moved meanwhile. Older ones are left: a
   * fan-out that late would only deliver what has expired.
   */
  private async resumeStopped(since: Date): Promise<string[]> {
    const open = await this.prisma.revocation.findMany({
      where: { fannedOutAt: null, createdAt: { gt: since } },
      select: { id: true, fanoutCursor: true },
      orderBy: { createdAt: 'asc' },
      take: BATCH,
    });
    const now = new Map(open.map((r) => [r.id, r.fanoutCursor ?? '']));
    const stopped = open.filter((r) => this.seen.get(r.id) === now.get(r.id)).map((r) => r.id);
    this.seen = now;
    const queued: string[] = [];
    for (const revocationId of stopped) {
      const stillStopped = async () => {
        const r = await this.prisma.revocation.findUnique({ where: { id: revocationId }, select: { fannedOutAt: true, fanoutCursor: true } });
        return r !== null && r.fannedOutAt === null && (r.fanoutCursor ?? '') === now.get(revocationId);
      };
      const outcome = await this.queue.requeue('revocation.fanout', { revocationId }, `fanout-resume-${revocationId}`, stillStopped);
      if (outcome !== 'added' && outcome !== 'restarted') continue;
      this.logger.warn(`revocation ${revocationId}: its fan-out had not moved in ${this.everySec} s with no job left; queued again (${outcome})`);
      fanoutsResumed.inc({ outcome });
      queued.push(revocationId);
    }
    return queued;
  }

  /**
   * A fan-out adds all its delivery jobs before it is marked fanned out, so a revocation fanned out more than a sweep
   * ago whose deliveries still wait `queued` while the revocations queue holds no job at all has lost those jobs (a
   * Redis that kept nothing on disk): they are queued again (sweep() looks only while the queue is idle). A revocation
   * once seen with nothing queued is not read again (nothing can strand it then), so the scan of its deliveries is paid
   * once.
   */
  private async requeueStranded(since: Date): Promise<string[]> {
    const inFlight = await this.prisma.revocation.findMany({
      // Past DELIVERY_TTL_SEC nothing is left queued (DeliveryExpiry): older revocations are not read at all.
      where: { fannedOutAt: { lt: new Date(Date.now() - this.everySec * 1000) }, completedAt: null, createdAt: { gt: since } },
      select: { id: true, rev: true },
      orderBy: { createdAt: 'asc' },
      take: BATCH,
    });
    const inFlightIds = new Set(inFlight.map((r) => r.id));
    for (const id of this.drained) if (!inFlightIds.has(id)) this.drained.delete(id);
    const requeued: string[] = [];
    for (const { id, rev } of inFlight.filter((r) => !this.drained.has(r.id))) {
      const [row] = await this.prisma.$queryRaw<{ queued: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM deliveries WHERE "revocationId" = ${id}::uuid AND state = 'queued') AS queued`;
      if (!row.queued) {
        this.drained.add(id);
        continue;
      }
      await this.fanout.requeue(id, `stranded-${randomUUID()}`, rev.toString(), null);
      this.logger.warn(`revocation ${id}: deliveries still queued with no delivery job left; their jobs queued again`);
      deliveriesRequeued.inc();
      requeued.push(id);
    }
    return requeued;
  }
}
