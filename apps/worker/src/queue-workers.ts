import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import {
  AUDIT_QUEUE,
  CollectedHandlers,
  JobHandlerSet,
  QUEUE_NAMES,
  QueueName,
  REVOCATIONS_QUEUE,
  WEBHOOKS_QUEUE,
  collectHandlers,
  isJobName,
  queueConnection,
  queuePrefix,
  runJob,
} from '@killswitch/queue';

/** The job handler sets of every domain, provided by WorkerModule. */
export const JOB_HANDLER_SETS = Symbol('JOB_HANDLER_SETS');

/** Revocation work runs side by side; checkpoints one at a time (each signs the chain's head); webhook sends mostly wait on receivers. */
const CONCURRENCY: Record<QueueName, number> = { [REVOCATIONS_QUEUE]: 8, [AUDIT_QUEUE]: 1, [WEBHOOKS_QUEUE]: 16 };

/**
 * One BullMQ Worker a queue, every job dispatched to the one handler of its
 * name. Constructing it checks that every job name on every queue has exactly
 * one handler (collectHandlers): otherwise the worker does not start.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];
  private connection?: Redis;
  private readonly collected: CollectedHandlers;

  constructor(
    private readonly config: EnvConfig,
    @Inject(JOB_HANDLER_SETS) sets: JobHandlerSet[],
  ) {
    this.collected = collectHandlers(sets);
  }

  onApplicationBootstrap(): void {
    this.connection = queueConnection(this.config, 'worker');
    for (const queue of QUEUE_NAMES) {
      const worker = new Worker(queue, (job: Job) => this.process(queue, job), {
        connection: this.connection,
        prefix: queuePrefix(this.config),
        concurrency: CONCURRENCY[queue],
        // BullMQ asks this only for backoff types it does not know itself; -1 (no retry) for a type no set supplies.
        settings: { backoffStrategy: (attemptsMade: number, type?: string) => this.collected.backoff[type ?? '']?.(attemptsMade) ?? -1 },
      });
      worker.on('failed', (job, error) => this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`));
      worker.on('error', (error) => this.logger.warn(`${queue} worker: ${error.message}`));
      this.workers.push(worker);
    }
  }

  private async process(queue: QueueName, job: Job): Promise<void> {
    if (!isJobName(job.name)) throw new Error(`no handler for job ${job.name} on the ${queue} queue`);
    try {
      await runJob(this.collected.handlers, job.name, job.data, { attemptsMade: job.attemptsMade });
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const givenUp = this.collected.onGivenUp[job.name];
      if (lastAttempt && givenUp) {
        await givenUp(job.data, (error as Error).message).catch((e: Error) => this.logger.error(`job ${job.id}: could not record the failure: ${e.message}`));
      }
      throw error;
    }
  }

  /** Closing waits for jobs in progress: a SIGTERM drains. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.connection?.disconnect();
  }
}
