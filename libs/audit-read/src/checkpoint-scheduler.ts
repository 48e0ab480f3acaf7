import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { AUDIT_QUEUE, CHECKPOINT_JOB, JobHandlerSet, JobHandlers, QueueService } from '@killswitch/queue';
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
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, JobHandlerSet {
  private readonly logger = new Logger(CheckpointScheduler.name);
  readonly handlers: Partial<JobHandlers> = { 'audit.checkpoint': () => this.process() };

  constructor(
    private readonly config: EnvConfig,
    private readonly queue: QueueService,
    private readonly checkpoints: CheckpointsService,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: with Redis down the worker still starts, and BullMQ sends this once Redis is back.
    this.queue
      .schedule(CHECKPOINT_SCHEDULER_ID, this.config.AUDIT_CHECKPOINT_INTERVAL_SEC * 1000, CHECKPOINT_JOB, {})
      .catch((error: Error) => this.logger.error(`cannot schedule audit checkpoints: ${error.message}`));
  }

  async process(): Promise<void> {
    const checkpoint = await this.checkpoints.createScheduled();
    if (checkpoint) this.logger.log(`audit checkpoint ${checkpoint.id}: seq ${checkpoint.seq}, head ${checkpoint.headHash.slice(0, 12)}…`);
  }
}
