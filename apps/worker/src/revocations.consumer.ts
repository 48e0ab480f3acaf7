import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { JOB_NAMES, JobHandlers, JobName, JobPayloads, REVOCATIONS_QUEUE, isJobName, queueConnection, queuePrefix } from '@killswitch/queue';
import { DeliverService, FanoutService } from '@killswitch/revocations';

/** Refuses to start when a job name has no handler (or a handler names no job). */
export function checkHandlers(handlers: Record<string, unknown>): void {
  const missing = JOB_NAMES.filter((name) => typeof handlers[name] !== 'function');
  const extra = Object.keys(handlers).filter((name) => !isJobName(name));
  if (missing.length || extra.length) {
    throw new Error(`job handlers do not match the job names: missing ${missing.join(', ') || 'none'}; unknown ${extra.join(', ') || 'none'}`);
  }
}

/** The revocations queue's consumer: each processor is a call into a service. */
@Injectable()
export class RevocationsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RevocationsConsumer.name);
  private worker?: Worker;
  private connection?: Redis;
  readonly handlers: JobHandlers;
  /** What a job's last failed attempt leaves behind, so nothing that gave up looks merely pending. */
  private readonly onGivenUp: Partial<{ [N in JobName]: (data: JobPayloads[N], reason: string) => Promise<unknown> }>;

  constructor(
    private readonly config: EnvConfig,
    fanout: FanoutService,
    deliver: DeliverService,
  ) {
    this.handlers = {
      'revocation.fanout': (data) => fanout.fanOut(data.revocationId),
      'revocation.deliver': (data) => deliver.deliver(data),
    };
    this.onGivenUp = { 'revocation.deliver': (data, reason) => deliver.fail(data, reason) };
    checkHandlers(this.handlers);
  }

  onApplicationBootstrap(): void {
    this.connection = queueConnection(this.config, 'revocations-worker');
    this.worker = new Worker(REVOCATIONS_QUEUE, (job: Job) => this.process(job), {
      connection: this.connection,
      prefix: queuePrefix(this.config),
      concurrency: 8,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`));
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
  }

  private async process(job: Job): Promise<void> {
    if (!isJobName(job.name)) throw new Error(`no handler for job ${job.name}`);
    try {
      await (this.handlers[job.name] as (data: unknown) => Promise<void>)(job.data);
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const givenUp = this.onGivenUp[job.name] as ((data: unknown, reason: string) => Promise<unknown>) | undefined;
      if (lastAttempt && givenUp)
        await givenUp(job.data, (error as Error).message).catch((e: Error) => this.logger.error(`job ${job.id}: could not record the failure: ${e.message}`));
      throw error;
    }
  }

  /** Closing waits for jobs in progress: a SIGTERM drains. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }
}
