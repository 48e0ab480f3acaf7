import { createHash } from 'node:crypto';

/** Keys tracked at most; past it the oldest windows are forgotten first, so a spray of addresses cannot grow memory. */
const MAX_KEYS = 100_000;

interface Window {
  start: number;
  count: number;
}

/**
 * Counts refused attempts (401, 403) per credential, or per source address
 * when there is no valid credential, in fixed windows, in this process's
 * memory: with several API instances each one counts its own, so a client
 * spread across n instances gets n times the limit. Once a key is over the
 * limit, its requests are answered 429 before any database work until the
 * window ends.
 */
export class RefusalLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the first of these keys that is over its limit may try again; undefined when none is. */
  retryAfterSec(keys: readonly string[]): number | undefined {
    const now = this.now();
    let wait: number | undefined;
    for (const key of keys) {
      const window = this.windows.get(key);
      if (!window || window.count < this.limit) continue;
      const left = window.start + this.windowMs - now;
      if (left <= 0) {
        this.windows.delete(key);
        continue;
      }
      wait = Math.max(wait ?? 0, Math.ceil(left / 1000));
    }
    return wait;
  }

  refused(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && now - window.start < this.windowMs) {
      window.count += 1;
      return;
    }
    this.windows.delete(key);
    this.windows.set(key, { start: now, count: 1 });
    if (this.windows.size > MAX_KEYS) this.forgetOldest(now);
  }

  private forgetOldest(now: number): void {
    for (const [key, window] of this.windows) {
      if (this.windows.size <= MAX_KEYS && now - window.start < this.windowMs) return;
      this.windows.delete(key);
    }
  }
}

/** A credential is tracked by its hash: the limiter never holds a secret. */
export function credentialKey(secret: string): string {
  return `credential:${createHash('sha256').update(secret).digest('base64url')}`;
}

export function addressKey(address: string): string {
  return `address:${address}`;
}
