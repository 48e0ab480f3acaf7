/**
 * Job names and payloads, typed together with the queue each runs on: a
 * producer cannot add a job the worker does not know, or the wrong data for
 * it, and the worker refuses to start unless every job has exactly one
 * handler (apps/worker's job-handlers.ts). Jobs are added by the outbox relay
 * (from domain events, see events.ts) and by the worker itself.
 */
import { JobsOptions } from 'bullmq';

export interface Jobs {
  /** Page through the devices a revocation targets and queue their deliveries. */
  'revocation.fanout': { revocationId: string };
  /**
   * Push one page of deliveries to the API instances and record them as sent: the revocation's
   * queued deliveries with device id in (afterId, lastId] (afterId null: from the first).
   */
  'revocation.deliver': { revocationId: string; rev: string; afterId: string | null; lastId: string };
  /** Sign a checkpoint of the audit chain's head (skipped when nothing but checkpoints was appended since the last one). */
  'audit.checkpoint': Record<string, never>;
}

export type JobName = keyof Jobs;

export const REVOCATIONS_QUEUE = 'revocations';
/** The audit queue: its own, so a backlog of revocation jobs never delays a checkpoint. */
export const AUDIT_QUEUE = 'audit';
export type QueueName = typeof REVOCATIONS_QUEUE | typeof AUDIT_QUEUE;

/** The queue each job runs on; adding a job name without a queue does not compile. */
export const JOB_QUEUE = {
  'revocation.fanout': REVOCATIONS_QUEUE,
  'revocation.deliver': REVOCATIONS_QUEUE,
  'audit.checkpoint': AUDIT_QUEUE,
} as const satisfies Record<JobName, QueueName>;

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
export const QUEUE_NAMES: readonly QueueName[] = [...new Set(Object.values(JOB_QUEUE))];

export const CHECKPOINT_JOB = 'audit.checkpoint' satisfies JobName;

/** Per-queue job options: revocation work retries and stays when it fails (the dead-letter view); checkpoints are cheap to repeat. */
export const QUEUE_JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  [REVOCATIONS_QUEUE]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 86_400, count: 100_000 },
    removeOnFail: false,
  },
  [AUDIT_QUEUE]: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
};

/** One job, its name and data paired: a union over every name, so `addBulk` cannot pair a name with another's payload. */
export type JobItem = { [N in JobName]: { name: N; data: Jobs[N]; jobId: string } }[JobName];

export type JobHandler<N extends JobName> = (data: Jobs[N]) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_QUEUE, name);
}

/** The Redis pub/sub channel on which deliveries reach the API instances. */
export function devicePushChannel(prefix: string): string {
  return `{${prefix}}:device-push`;
}

export interface DevicePushMessage {
  rev: string;
  deviceIds: string[];
}
