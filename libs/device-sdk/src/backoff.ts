/** Retry pacing: capped exponential backoff with jitter, and Retry-After. */

export interface BackoffOptions {
  /** The delay of the first retry before jitter (ms). */
  baseMs: number;
  /** The cap (ms). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/**
 * The delay before retry number `attempt` (1, 2, …): d = min(maxMs, baseMs × 2^(attempt−1)),
 * then "equal jitter", uniform in [d/2, d): never a thundering herd, never a zero wait.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as milliseconds
 * from `now`; undefined when absent or unreadable. Capped at `maxMs` so a
 * misbehaving server cannot park a device indefinitely.
 */
export function parseRetryAfter(value: string | null | undefined, now: number, maxMs = 15 * 60_000): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  let delay: number;
  if (/^\d+$/.test(text)) delay = Number(text) * 1000;
  else {
    // An HTTP-date always names its day and month; Date.parse alone would read "-5" as a year.
    if (!/^[A-Za-z]{3},/.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    delay = at - now;
  }
  return Math.min(Math.max(delay, 0), maxMs);
}

/** A uniformly jittered interval: `intervalMs` × (1 ± jitter), jitter in [0, 1]. */
export function jittered(intervalMs: number, jitter: number, random: () => number = Math.random): number {
  const spread = Math.min(Math.max(jitter, 0), 1);
  return Math.max(0, Math.round(intervalMs * (1 + spread * (2 * random() - 1))));
}
