import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { JobName, JobPayloads, REVOCATIONS_QUEUE } from './jobs';
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

/** The producer side of the revocations queue. */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly connection: Redis;
  readonly queue: Queue;

  constructor(config: EnvConfig) {
    this.connection = queueConnection(config, 'queue');
    this.queue = new Queue(REVOCATIONS_QUEUE, { connection: this.connection, prefix: queuePrefix(config), defaultJobOptions: DEFAULT_JOB_OPTIONS });
  }

  async add<N extends JobName>(name: N, data: JobPayloads[N], jobId: string): Promise<void> {
    await this.queue.add(name, data, { jobId });
  }

  async addBulk(jobs: { name: JobName; data: JobPayloads[JobName]; jobId: string }[]): Promise<void> {
    await this.queue.addBulk(jobs.map((job) => ({ name: job.name, data: job.data, opts: { jobId: job.jobId } })));
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
