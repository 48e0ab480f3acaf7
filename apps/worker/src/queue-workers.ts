import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, MinimalJob, Worker } from 'bullmq';
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
 * How often a job may stall (its worker died or lost its lock while running it) before BullMQ fails it for good without
 * running it again: BullMQ's 1, but for revocations and webhooks. BullMQ counts a job's stalls over its whole life,
 * never reset by a retry:
 * - a webhook delivery's job is its whole chain of attempts (a day by default): with 1, a second worker crash during
 *   any of its attempts gave the delivery up, never sent again. Each attempt claims its delivery in the database, so a
 *   job run again after a stall never sends beside a live attempt;
 * - a fan-out to a million devices runs for minutes: with 1, a second worker crash during it (a deploy's restarts, an
 *   out-of-memory kill) failed it for good, and the kill's remaining devices never had deliveries. A fan-out resumes
 *   from its saved cursor and a delivery job records each device's delivery once, so running either again is safe.
 * The limit only stops a job that kills its worker every time; a job failed so is recorded as given up (onGivenUp),
 * not left looking pending. Checkpoints are cheap to make again on the next schedule.
 */
const MAX_STALLED: Record<QueueName, number> = { [REVOCATIONS_QUEUE]: 20, [AUDIT_QUEUE]: 1, [WEBHOOKS_QUEUE]: 20 };

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
        maxStalledCount: MAX_STALLED[queue],
        // BullMQ asks this only for backoff types it does not know itself; -1 (no retry) for a type no set supplies.
        settings: {
          backoffStrategy: (attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob) =>
            this.collected.backoff[type ?? '']?.(attemptsMade, job?.name ?? '') ?? -1,
        },
      });
      worker.on('failed', (job, error) => {
        this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
        // Failed by BullMQ before it ran (it stalled too often): process() never saw it, so its give-up is recorded here.
        if (job?.deferredFailure) void this.recordGivenUp(job, error.message);
      });
      worker.on('error', (error) => this.logger.warn(`${queue} worker: ${error.message}`));
      this.workers.push(worker);
    }
  }

  private async process(queue: QueueName, job: Job): Promise<void> {
    if (!isJobName(job.name)) throw new Error(`no handler for job ${job.name} on the ${queue} queue`);
    try {
      await runJob(this.collected.handlers, job.name, job.data, { attemptsMade: job.attemptsMade });
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.recordGivenUp(job, (error as Error).message);
      throw error;
    }
  }

  /** A job failed for good: what it leaves behind is marked so (its set's onGivenUp), never left looking merely pending. */
  private async recordGivenUp(job: Job, reason: string): Promise<void> {
    const givenUp = isJobName(job.name) ? this.collected.onGivenUp[job.name] : undefined;
    await givenUp?.(job.data, reason).catch((e: Error) => this.logger.error(`job ${job.id}: could not record the failure: ${e.message}`));
  }

  /** Closing waits for jobs in progress: a SIGTERM drains. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.connection?.disconnect();
  }
}
