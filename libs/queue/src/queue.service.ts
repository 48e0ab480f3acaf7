import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { AUDIT_QUEUE, CHECKPOINT_JOB, JobName, JobPayloads, REVOCATIONS_QUEUE } from './jobs';
import { redisConnectionName } from './redis-connection-name';

/** Retries back off; failed jobs stay (the dead-letter view), completed ones go after a day. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 86_400, count: 100_000 },
  removeOnFail: false,
};

/** A BullMQ connection named `<process>:<role>`: blocking commands need maxRetriesPerRequest null. */
export function queueConnection(config: EnvConfig, role: string): Redis {
  return new Redis(config.REDIS_URL, { connectionName: redisConnectionName(config, role), maxRetriesPerRequest: null, enableReadyCheck: false });
}

/** The key prefix carries a hash tag, so every key of a queue lands in one Redis Cluster slot. */
export function queuePrefix(config: EnvConfig): string {
  return `{${config.KILLSWITCH_QUEUE_PREFIX}}`;
}

/** The producer side of the revocations queue, and checkpoint requests on the audit queue. */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly connection: Redis;
  readonly queue: Queue;
  private readonly audit: Queue;

  constructor(config: EnvConfig) {
    this.connection = queueConnection(config, 'queue');
    this.queue = new Queue(REVOCATIONS_QUEUE, { connection: this.connection, prefix: queuePrefix(config), defaultJobOptions: DEFAULT_JOB_OPTIONS });
    this.audit = new Queue(AUDIT_QUEUE, { connection: this.connection, prefix: queuePrefix(config) });
  }

  /**
   * Asks for an audit checkpoint soon. A random job id: checkpoints are cheap to repeat (one finds nothing new
   * and is skipped), and an id derived from anything in the database could collide with a job Redis still holds.
   */
  async requestCheckpoint(): Promise<void> {
    await this.audit.add(CHECKPOINT_JOB, {}, { jobId: `checkpoint-${randomUUID()}`, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } });
  }

  async add<N extends JobName>(name: N, data: JobPayloads[N], jobId: string): Promise<void> {
    await this.queue.add(name, data, { jobId });
  }

  async addBulk(jobs: { name: JobName; data: JobPayloads[JobName]; jobId: string }[]): Promise<void> {
    await this.queue.addBulk(jobs.map((job) => ({ name: job.name, data: job.data, opts: { jobId: job.jobId } })));
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
    await this.audit.close();
    this.connection.disconnect();
  }
}
