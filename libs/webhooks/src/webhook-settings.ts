import { EnvConfig } from '@killswitch/config';
import { parseKeyEncryptionKey } from '@killswitch/snapshots';
import { eventSource } from './webhook-body';
import { WebhookRetryPolicy } from './webhook-retry';

/**
 * An attempt claims its delivery (attemptStartedAt) for at most the send deadline and this much more; a worker that died
 * mid-attempt leaves its claim, which then lapses.
 */
const CLAIM_MARGIN_MS = 60_000;

/** The webhook settings of EnvConfig, read once. */
export interface WebhookSettings {
  allowPrivate: boolean;
  timeoutMs: number;
  /** How long an attempt's claim on its delivery holds: past it, the attempt is taken as dead. */
  claimLapseMs: number;
  retry: WebhookRetryPolicy;
  source: string;
  kek: Buffer | undefined;
}

export function webhookSettings(config: EnvConfig): WebhookSettings {
  return {
    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true',
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    claimLapseMs: config.WEBHOOK_TIMEOUT_MS + CLAIM_MARGIN_MS,
    retry: { baseMs: config.WEBHOOK_RETRY_BASE_MS, windowMs: config.WEBHOOK_RETRY_WINDOW_SEC * 1000 },
    source: eventSource(config.KILLSWITCH_ISSUER),
    kek: config.KILLSWITCH_KEY_ENCRYPTION_KEY ? parseKeyEncryptionKey(config.KILLSWITCH_KEY_ENCRYPTION_KEY) : undefined,
  };
}
