/**
 * Job names and payloads, typed together: a producer cannot send a job the
 * worker does not know, or the wrong data for it. Outbox topics are job names.
 */
export interface JobPayloads {
  /** Page through the devices a revocation targets and queue their deliveries. */
  'revocation.fanout': { revocationId: string };
  /**
   * Push one page of deliveries to the API instances and record them as sent: the revocation's
   * queued deliveries with device id in (afterId, lastId] (afterId null: from the first).
   */
  'revocation.deliver': { revocationId: string; rev: string; afterId: string | null; lastId: string };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = ['revocation.fanout', 'revocation.deliver'];

export const REVOCATIONS_QUEUE = 'revocations';

/** The audit queue: its own, so a backlog of revocation jobs never delays a checkpoint. */
export const AUDIT_QUEUE = 'audit';
/** Sign a checkpoint of the audit chain's head (skipped when nothing but checkpoints was appended since the last one). */
export const CHECKPOINT_JOB = 'audit.checkpoint';

export type JobHandlers = { [N in JobName]: (data: JobPayloads[N]) => Promise<void> };

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

/** The Redis pub/sub channel on which deliveries reach the API instances. */
export function devicePushChannel(prefix: string): string {
  return `{${prefix}}:device-push`;
}

export interface DevicePushMessage {
  rev: string;
  deviceIds: string[];
}
