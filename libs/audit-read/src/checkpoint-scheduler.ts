import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { AUDIT_QUEUE, CHECKPOINT_JOB, queueConnection, queuePrefix } from '@killswitch/queue';
import { CheckpointsService } from './checkpoints.service';

export { AUDIT_QUEUE, CHECKPOINT_JOB };
/** One scheduler id for every worker replica: upserting it again only updates the interval. */
export const CHECKPOINT_SCHEDULER_ID = 'audit-checkpoint';

/**
 * Signs a checkpoint every AUDIT_CHECKPOINT_INTERVAL_SEC, through a BullMQ job
 * scheduler: with several worker replicas, each interval still makes one job.
 * The outbox relay also asks for one after every kill and lift
 * (QueueService.requestCheckpoint), so little of the chain waits unsigned.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CheckpointScheduler.name);
  private connection?: Redis;
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    private readonly config: EnvConfig,
    private readonly checkpoints: CheckpointsService,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = queueConnection(this.config, 'audit');
    const prefix = queuePrefix(this.config);
    this.queue = new Queue(AUDIT_QUEUE, { connection: this.connection, prefix });
    this.queue.on('error', (error) => this.logger.warn(`audit queue: ${error.message}`));
    // Not awaited: with Redis down the worker still starts, and BullMQ sends this once Redis is back.
    this.queue
      .upsertJobScheduler(
        CHECKPOINT_SCHEDULER_ID,
        { every: this.config.AUDIT_CHECKPOINT_INTERVAL_SEC * 1000 },
        { name: CHECKPOINT_JOB, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } },
      )
      .catch((error: Error) => this.logger.error(`cannot schedule audit checkpoints: ${error.message}`));
    this.worker = new Worker(AUDIT_QUEUE, (job: Job) => this.process(job), { connection: this.connection, prefix, concurrency: 1 });
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.name} ${job?.id} failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.warn(`audit worker: ${error.message}`));
  }

  async process(job: Pick<Job, 'name'>): Promise<void> {
    if (job.name !== CHECKPOINT_JOB) throw new Error(`no handler for job ${job.name} on the ${AUDIT_QUEUE} queue`);
    const checkpoint = await this.checkpoints.createScheduled();
    if (checkpoint) this.logger.log(`audit checkpoint ${checkpoint.id}: seq ${checkpoint.seq}, head ${checkpoint.headHash.slice(0, 12)}…`);
  }

  /** Closing waits for a checkpoint in progress. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.connection?.disconnect();
  }
}
