/**
 * Job names and payloads, typed together with the queue each runs on: a
 * producer cannot add a job the worker does not know, or the wrong data for
 * it, and the worker refuses to start unless every job has exactly one
 * handler (apps/worker's job-handlers.ts). Jobs are added by the outbox relay
 * (from domain events, see events.ts) and by the worker itself.
 */
import { JobsOptions } from 'bullmq';
import type { DomainEvent } from './events';

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
  /**
   * Queue a webhook delivery for every enabled subscription that wants this committed event and existed when it was
   * written (eventId: its outbox job id; occurredAt: its outbox row's createdAt, see WebhookFanoutService). A job an
   * earlier release queued has no occurredAt: the event's own `at` stands in. outboxId: the row's key, marked
   * "webhooksFannedOutAt" once the deliveries are made and queued (one an earlier release queued has none: it is
   * found by its job id).
   */
  'webhook.fanout': { eventId: string; event: DomainEvent; occurredAt?: string; outboxId?: string };
  /**
   * One attempt at one webhook delivery; BullMQ retries it with the webhook backoff, under the same webhook-id. A
   * delivery has one such job, its chain of attempts: job id webhookDeliveryJobId(deliveryId).
   */
  'webhook.deliver': { deliveryId: string };
  /** A person asked for a delivery to be sent again: its chain's next attempt now, or the chain started again if it ended. */
  'webhook.retry': { deliveryId: string };
}

export type JobName = keyof Jobs;

export const REVOCATIONS_QUEUE = 'revocations';
/** The audit queue: its own, so a backlog of revocation jobs never delays a checkpoint. */
export const AUDIT_QUEUE = 'audit';
/** Outbound webhooks: their own queue, so a slow or failing receiver never delays a revocation or a checkpoint. */
export const WEBHOOKS_QUEUE = 'webhooks';
export type QueueName = typeof REVOCATIONS_QUEUE | typeof AUDIT_QUEUE | typeof WEBHOOKS_QUEUE;

/** The queue each job runs on; adding a job name without a queue does not compile. */
export const JOB_QUEUE = {
  'revocation.fanout': REVOCATIONS_QUEUE,
  'revocation.deliver': REVOCATIONS_QUEUE,
  'audit.checkpoint': AUDIT_QUEUE,
  'webhook.fanout': WEBHOOKS_QUEUE,
  'webhook.deliver': WEBHOOKS_QUEUE,
  'webhook.retry': WEBHOOKS_QUEUE,
} as const satisfies Record<JobName, QueueName>;

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
export const QUEUE_NAMES: readonly QueueName[] = [...new Set(Object.values(JOB_QUEUE))];

export const CHECKPOINT_JOB = 'audit.checkpoint' satisfies JobName;

/**
 * The id of a delivery's one `webhook.deliver` job, whoever adds it (the fan-out, a test send, a retry): a second job
 * for the same delivery would be a second chain of attempts beside the first.
 */
export function webhookDeliveryJobId(deliveryId: string): string {
  return `webhook-${deliveryId}`;
}

/** The custom BullMQ backoff type of webhook jobs; a JobHandlerSet supplies its strategy (`backoff`). */
export const WEBHOOK_BACKOFF = 'webhook';

/** Per-queue job options: revocation work retries and stays when it fails (the dead-letter view); checkpoints are cheap to repeat. */
export const QUEUE_JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  [REVOCATIONS_QUEUE]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 86_400, count: 100_000 },
    removeOnFail: false,
  },
  [AUDIT_QUEUE]: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
  // The webhook backoff (libs/webhooks webhook-retry.ts) is given to the worker as a custom strategy; the
  // delivery gives up by time (WEBHOOK_RETRY_WINDOW_SEC), so `attempts` is only a ceiling.
  [WEBHOOKS_QUEUE]: {
    attempts: 1000,
    backoff: { type: WEBHOOK_BACKOFF },
    removeOnComplete: { age: 86_400, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  },
};

/** One job, its name and data paired: a union over every name, so `addBulk` cannot pair a name with another's payload. */
export type JobItem = { [N in JobName]: { name: N; data: Jobs[N]; jobId: string } }[JobName];

/** What a handler may know about the job it runs: the attempts BullMQ already made (0 on the first). */
export interface JobRun {
  attemptsMade: number;
}

export type JobHandler<N extends JobName> = (data: Jobs[N], run: JobRun) => Promise<unknown>;
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
