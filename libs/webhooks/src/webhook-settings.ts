import { EnvConfig } from '@killswitch/config';
import { parseKeyEncryptionKey } from '@killswitch/snapshots';
import { eventSource } from './webhook-body';
import { WebhookRetryPolicy } from './webhook-retry';

/** The webhook settings of EnvConfig, read once. */
export interface WebhookSettings {
  allowPrivate: boolean;
  timeoutMs: number;
  retry: WebhookRetryPolicy;
  source: string;
  kek: Buffer | undefined;
}

export function webhookSettings(config: EnvConfig): WebhookSettings {
  return {
    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true',
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retry: { baseMs: config.WEBHOOK_RETRY_BASE_MS, windowMs: config.WEBHOOK_RETRY_WINDOW_SEC * 1000 },
    source: eventSource(config.KILLSWITCH_ISSUER),
    kek: config.KILLSWITCH_KEY_ENCRYPTION_KEY ? parseKeyEncryptionKey(config.KILLSWITCH_KEY_ENCRYPTION_KEY) : undefined,
  };
}
