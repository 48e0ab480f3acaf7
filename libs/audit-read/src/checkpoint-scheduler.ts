import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { AUDIT_QUEUE, CHECKPOINT_JOB, JobHandlerSet, JobHandlers, QueueService, SweepTimer } from '@killswitch/queue';
import { CheckpointsService } from './checkpoints.service';

export { AUDIT_QUEUE, CHECKPOINT_JOB };
/** One scheduler id for every worker replica: upserting it again only updates the interval. */
export const CHECKPOINT_SCHEDULER_ID = 'audit-checkpoint';

/**
 * Signs a checkpoint every AUDIT_CHECKPOINT_INTERVAL_SEC, through a BullMQ job
 * scheduler on the audit queue: with several worker replicas, each interval
 * still makes one job. Every rule change also asks for one (EVENT_JOBS in
 * @killswitch/queue), so little of the chain waits unsigned. The job runs on
 * the worker's QueueWorkers like every other job.
 *
 * The scheduler lives in Redis: a Redis that keeps nothing on disk forgets it
 * when it restarts, and the worker would sign no scheduled checkpoint again
 * until its own restart. Each worker looks for it every interval (at most a
 * minute) and makes it again when it is gone.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnModuleDestroy, JobHandlerSet {
  private readonly logger = new Logger(CheckpointScheduler.name);
  readonly handlers: Partial<JobHandlers> = { 'audit.checkpoint': () => this.process() };
  private readonly everyMs: number;
  private readonly check: SweepTimer;

  constructor(
    config: EnvConfig,
    private readonly queue: QueueService,
    private readonly checkpoints: CheckpointsService,
  ) {
    this.everyMs = config.AUDIT_CHECKPOINT_INTERVAL_SEC * 1000;
    this.check = new SweepTimer('checkpoint scheduler check', Math.min(this.everyMs, 60_000), () => this.scheduleIfGone(), this.logger);
  }

  onApplicationBootstrap(): void {
    // Not awaited: with Redis down the worker still starts, and BullMQ sends this once Redis is back.
    this.schedule().catch((error: Error) => this.logger.error(`cannot schedule audit checkpoints: ${error.message}`));
    this.check.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.check.stop();
  }

  /** Makes the scheduler again if Redis no longer has it; true when it did. */
  async scheduleIfGone(): Promise<boolean> {
    if (await this.queue.queueOf(CHECKPOINT_JOB).getJobScheduler(CHECKPOINT_SCHEDULER_ID)) return false;
    await this.schedule();
    this.logger.warn('the audit checkpoint scheduler was gone from Redis (a restart that kept nothing?): scheduled again');
    return true;
  }

  private schedule(): Promise<void> {
    return this.queue.schedule(CHECKPOINT_SCHEDULER_ID, this.everyMs, CHECKPOINT_JOB, {});
  }

  async process(): Promise<void> {
    const checkpoint = await this.checkpoints.createScheduled();
    if (checkpoint) this.logger.log(`audit checkpoint ${checkpoint.id}: seq ${checkpoint.seq}, head ${checkpoint.headHash.slice(0, 12)}…`);
  }
}
