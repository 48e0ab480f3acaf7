/**
 * When a failed webhook delivery is tried again: the first retry after WEBHOOK_RETRY_BASE_MS, each next
 * one twice as late, at most a sixth of the retry window apart (4 h in the default 24 h window, so a
 * receiver down for a day still gets about five tries in its last hours), until the window is over.
 */
export interface WebhookRetryPolicy {
  baseMs: number;
  windowMs: number;
}

/** The delay before the retry that follows `attemptsMade` failed attempts (1 after the first). */
export function webhookRetryDelay(attemptsMade: number, policy: WebhookRetryPolicy): number {
  const cap = Math.max(policy.baseMs, Math.floor(policy.windowMs / 6));
  return Math.min(cap, policy.baseMs * 2 ** Math.min(40, Math.max(0, attemptsMade - 1)));
}

/** The delay before a webhook fan-out's retry after `attemptsMade` failed attempts: 1 s, doubling, at most a minute. */
export function fanoutRetryDelay(attemptsMade: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.min(6, Math.max(0, attemptsMade - 1)));
}
