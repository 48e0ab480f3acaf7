/**
 * Delays between reconnect attempts: exponential up to a cap, with jitter, so
 * that after an outage every replica does not knock on PostgreSQL (or Redis)
 * in the same instant, and a long outage costs one attempt every few seconds
 * instead of a tight loop.
 */
export interface BackoffPolicy {
  /** The delay before the first retry, before jitter. */
  initialMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

/**
 * The delay before retry number `attempt` (0 for the first): "equal jitter",
 * uniformly between half and all of min(maxMs, initialMs × 2^attempt), so a
 * retry never comes sooner than half the nominal delay.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}
