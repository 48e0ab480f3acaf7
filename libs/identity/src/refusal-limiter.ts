import { bearerOf, digestOfSecret } from './secrets';

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
  /** Credentials that authenticated on this instance within the window, with when: an address block does not hold them back. */
  private readonly vouched = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_KEYS,
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

  /**
   * Whether a request should be answered 429: its credential is over the
   * limit, or its address is and the credential has not authenticated here
   * lately. Clients behind one proxy or NAT share an address; one of them
   * sending bad credentials must not lock out the others already signed in.
   */
  retryAfterFor(credential: string | undefined, address: string): number | undefined {
    const keys = credential === undefined ? [address] : this.isVouched(credential) ? [credential] : [credential, address];
    return this.retryAfterSec(keys);
  }

  /**
   * The credential authenticated: remember it for the window. An entry vouched for within the last half window only
   * has its time updated in place; an older one moves to the end of the eviction order. Moving it on every request
   * (a delete and an insert) churned the map's table on each of a fleet's acks.
   */
  vouch(credential: string): void {
    const now = this.now();
    const at = this.vouched.get(credential);
    if (at !== undefined && now - at < this.windowMs / 2) {
      this.vouched.set(credential, now);
      return;
    }
    this.vouched.delete(credential);
    this.vouched.set(credential, now);
    if (this.vouched.size > this.maxKeys) {
      const oldest = this.vouched.keys().next();
      if (!oldest.done) this.vouched.delete(oldest.value);
    }
  }

  private isVouched(credential: string): boolean {
    const at = this.vouched.get(credential);
    if (at === undefined) return false;
    if (this.now() - at < this.windowMs) return true;
    this.vouched.delete(credential);
    return false;
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
    if (this.windows.size > this.maxKeys) this.forgetOldest(now);
  }

  private forgetOldest(now: number): void {
    for (const [key, window] of this.windows) {
      if (this.windows.size <= this.maxKeys && now - window.start < this.windowMs) return;
      this.windows.delete(key);
    }
  }
}

/**
 * A credential is tracked by its hash: the limiter never holds a secret. A
 * bearer token is hashed alone, without its header's `Bearer `, so the device
 * API's early answers key a device credential by the SHA-256 its look-up
 * already made (credentialKeyOfDigest) and hash a request once, not twice.
 */
export function credentialKey(secret: string): string {
  return credentialKeyOfDigest(digestOfSecret(bearerOf(secret) ?? secret));
}

/** credentialKey() of a credential whose SHA-256 digest is known (that of the bearer token alone). */
export function credentialKeyOfDigest(digest: Buffer): string {
  return `credential:${digest.toString('base64url')}`;
}

export function addressKey(address: string): string {
  return `address:${address}`;
}
