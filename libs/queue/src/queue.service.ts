import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Job, JobState, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { JOB_QUEUE, JobItem, JobName, Jobs, QUEUE_JOB_OPTIONS, QUEUE_NAMES, QueueName } from './jobs';
import { redisConnectionName } from './redis-connection-name';

/** A BullMQ connection named `<process>:<role>`: blocking commands need maxRetriesPerRequest null. */
export function queueConnection(config: EnvConfig, role: string): Redis {
  return new Redis(config.REDIS_URL, { connectionName: redisConnectionName(config, role), maxRetriesPerRequest: null, enableReadyCheck: false });
}

/** The key prefix carries a hash tag, so every key of a queue lands in one Redis Cluster slot. */
export function queuePrefix(config: EnvConfig): string {
  return `{${config.KILLSWITCH_QUEUE_PREFIX}}`;
}

/** What runNow found and did: `waiting` is a job already waiting to run, `running` one that is running (left as they are). */
export type RunNowOutcome = 'promoted' | 'waiting' | 'running' | 'restarted' | 'added';
/**
 * What requeue found and did: `live` is a job still on its way (waiting, delayed, running, prioritized, waiting for
 * children), left as it is; `unwanted` a job gone or finished that its owner no longer wanted back when asked;
 * `completed` a job that completed, left as it is, when its owner asked for that (`keepCompleted`).
 */
export type RequeueOutcome = 'added' | 'restarted' | 'live' | 'unwanted' | 'completed';
/** A job's state as BullMQ reads it: `unknown` for an id it holds nothing for. */
type StateOfJob = JobState | 'unknown';
/** How often a job that moved between reading its state and acting on it is read again. */
const JOB_ACT_TRIES = 3;

/** The producer side of every queue: a job goes to the queue its name runs on (JOB_QUEUE), with that queue's options. */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger(QueueService.name);
  private readonly connection: Redis;
  private readonly queues: Record<QueueName, Queue>;

  constructor(config: EnvConfig) {
    this.connection = queueConnection(config, 'queue');
    const open = (name: QueueName) => {
      const queue = new Queue(name, { connection: this.connection, prefix: queuePrefix(config), defaultJobOptions: QUEUE_JOB_OPTIONS[name] });
      queue.on('error', (error) => this.logger.warn(`${name} queue: ${error.message}`));
      return queue;
    };
    this.queues = Object.fromEntries(QUEUE_NAMES.map((name) => [name, open(name)])) as Record<QueueName, Queue>;
  }

  queueOf(name: JobName): Queue {
    return this.queues[JOB_QUEUE[name]];
  }

  async add<N extends JobName>(name: N, data: Jobs[N], jobId: string): Promise<void> {
    await this.queueOf(name).add(name, data, { jobId });
  }

  /** Adds jobs, each to its own queue; one round trip a queue. */
  async addBulk(jobs: readonly JobItem[]): Promise<void> {
    for (const queue of QUEUE_NAMES) {
      const own = jobs.filter((j) => JOB_QUEUE[j.name] === queue);
      if (own.length > 0) await this.queues[queue].addBulk(own.map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.jobId } })));
    }
  }

  /**
   * Has the job with this id run as soon as it can, as that one job: a delayed one is promoted (its later retries follow
   * on from there), a waiting or active one is left to run, a finished one (completed or failed) runs again with its
   * attempts counted from zero, a missing one is added. A job that moves between reading its state and acting on it is
   * read again. Answers which it was.
   */
  async runNow<N extends JobName>(name: N, data: Jobs[N], jobId: string): Promise<RunNowOutcome> {
    return this.actOnJob(name, jobId, async (job, state) => {
      if (!job || state === 'unknown') return this.addAgain(name, data, jobId);
      if (state === 'delayed') {
        await job.promote();
        return 'promoted';
      }
      if (state === 'completed' || state === 'failed') return this.restart(job, state);
      return state === 'active' ? 'running' : 'waiting';
    });
  }

  /**
   * Puts back the job with this id if it is gone, as that one job, and leaves it alone otherwise: a missing one (lost
   * with a Redis that kept nothing on disk, or removed) is added, a finished one (completed or failed) runs again with
   * its attempts counted from zero; one still on its way is left as it is, a delayed one too (unlike runNow, its
   * backoff is kept). `wanted` is asked once the job is found gone or finished, before anything is done: a job can
   * finish between its owner deciding to look and the look, and one finished so is not run again. A job that moves
   * between reading its state and acting on it is read again. Answers which it was. With `keepCompleted`, a completed
   * job is its owner's to settle (`completed`): its work was done, only the owner's record of it is missing.
   */
  async requeue<N extends JobName>(
    name: N,
    data: Jobs[N],
    jobId: string,
    wanted: () => Promise<boolean>,
    options: { keepCompleted?: boolean } = {},
  ): Promise<RequeueOutcome> {
    return this.actOnJob(name, jobId, async (job, state) => {
      if (job && state === 'completed' && options.keepCompleted) return 'completed';
      const finished = state === 'completed' || state === 'failed';
      if (job && state !== 'unknown' && !finished) return 'live';
      if (!(await wanted())) return 'unwanted';
      return job && finished ? this.restart(job, state) : this.addAgain(name, data, jobId);
    });
  }

  /** Reads the job's state and has `act` act on it; a job that moved meanwhile (act threw) is read again, a few times. */
  private async actOnJob<T>(name: JobName, jobId: string, act: (job: Job | undefined, state: StateOfJob) => Promise<T>): Promise<T> {
    const queue = this.queueOf(name);
    for (let tries = 1; ; tries++) {
      const job = await queue.getJob(jobId);
      const state: StateOfJob = job ? await job.getState() : 'unknown';
      try {
        return await act(job, state);
      } catch (error) {
        if (tries >= JOB_ACT_TRIES) throw error;
      }
    }
  }

  /** Adds the job under its id; an id BullMQ still holds is not added twice. */
  private async addAgain<N extends JobName>(name: N, data: Jobs[N], jobId: string): Promise<'added'> {
    await this.queueOf(name).add(name, data, { jobId });
    return 'added';
  }

  /** Runs a finished job again, its attempts counted from zero: a chain of retries started afresh. */
  private async restart(job: Job, state: 'completed' | 'failed'): Promise<'restarted'> {
    await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    return 'restarted';
  }

  /**
   * A job every `everyMs`, through a BullMQ job scheduler: with several worker replicas, each interval still
   * makes one job. Upserting the same id again only updates the interval.
   */
  async schedule<N extends JobName>(schedulerId: string, everyMs: number, name: N, data: Jobs[N]): Promise<void> {
    const queue = JOB_QUEUE[name];
    await this.queues[queue].upsertJobScheduler(schedulerId, { every: everyMs }, { name, data, opts: QUEUE_JOB_OPTIONS[queue] });
  }

  async onModuleDestroy(): Promise<void> {
    for (const queue of Object.values(this.queues)) await queue.close();
    this.connection.disconnect();
  }
}
