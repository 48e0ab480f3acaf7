import { dropOldest, evictionBatch, makeRoom } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { bearerOf, digestOfSecret } from './secrets';

/** Keys tracked at most; past it the oldest windows are forgotten first, so a spray of addresses cannot grow memory. */
const MAX_KEYS = 100_000;
const CREDENTIAL_PREFIX = 'credential:';

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
  /**
   * No credential is over its limit before this time (ms): the end of the latest window in which one reached it. The
   * device poll asks only this of a credential it holds in memory (credentialsMayBeHeldBack), so a well-known
   * credential's poll makes no key and no map look-up while nobody is held back.
   */
  private credentialsHeldUntil = 0;

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
   * `authenticatedHere`: the caller knows otherwise that the credential
   * authenticated on this instance and was not revoked since (a device
   * credential held in memory), which vouches for it as vouch() does.
   */
  retryAfterFor(credential: string | undefined, address: string, authenticatedHere = false): number | undefined {
    const keys = credential === undefined ? [address] : authenticatedHere || this.isVouched(credential) ? [credential] : [credential, address];
    return this.retryAfterSec(keys);
  }

  /**
   * Throws TooManyRefusals (a 429 with its Retry-After) when retryAfterFor holds this caller back: the check the routes
   * answered outside Nest's guard (the device poll, its event stream, the OFREP event stream) make before any database
   * or crypto work, each with the same error so each answers the same 429.
   */
  holdBack(credential: string | undefined, address: string, authenticatedHere = false): void {
    const retryAfter = this.retryAfterFor(credential, address, authenticatedHere);
    if (retryAfter !== undefined) throw new TooManyRefusals(retryAfter);
  }

  /**
   * Counts a request's refusal against its caller, for the guard and the routes answered outside it alike: a 401 (no
   * credential, or one that does not resolve) against the address, so rotating bad tokens does not escape the limit;
   * a 403 against the credential, or the address when there is none. Any other error is no refusal. `credentialOf`
   * gives the credential's key and is asked only for a 403: making it hashes the token, which a flood of 401s need not pay.
   */
  countRefusal(error: unknown, address: string, credentialOf: () => string | undefined = () => undefined): void {
    if (!(error instanceof AppError)) return;
    if (error.code === 'unauthenticated') this.refused(address);
    else if (error.code === 'forbidden') this.refused(credentialOf() ?? address);
  }

  /**
   * False when no credential can be over its limit at `now`, so retryAfterSec([credential]) is undefined for every
   * one: one comparison, for the callers that would otherwise make a credential's key on every request (the poll).
   * True only means one may be: ask retryAfterSec.
   */
  credentialsMayBeHeldBack(now = this.now()): boolean {
    return now < this.credentialsHeldUntil;
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
    makeRoom(this.vouched, this.maxKeys);
    this.vouched.set(credential, now);
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
    let window = this.windows.get(key);
    if (window && now - window.start < this.windowMs) {
      window.count += 1;
    } else {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.forgetOldest(now);
      this.windows.set(key, (window = { start: now, count: 1 }));
    }
    if (window.count >= this.limit && key.startsWith(CREDENTIAL_PREFIX)) {
      this.credentialsHeldUntil = Math.max(this.credentialsHeldUntil, window.start + this.windowMs);
    }
  }

  /**
   * At maxKeys, the oldest windows go, in one walk, until a batch of keys is free (see makeRoom), and past it while the
   * oldest left has ended: windows are kept in the order they started, so the ended ones are all at the front.
   */
  private forgetOldest(now: number): void {
    const target = this.maxKeys - evictionBatch(this.maxKeys);
    const live = (key: string) => now - this.windows.get(key)!.start < this.windowMs;
    dropOldest(
      this.windows,
      (oldest) => this.windows.size <= target && live(oldest),
      (key) => this.windows.delete(key),
    );
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
  return `${CREDENTIAL_PREFIX}${digest.toString('base64url')}`;
}

export function addressKey(address: string): string {
  return `address:${address}`;
}

/**
 * The 429 of a caller the limiter holds back, with its Retry-After in seconds: the guard's, and that of the device
 * routes answered outside Nest (the poll, the event stream), which set the header from it.
 */
export class TooManyRefusals extends AppError {
  constructor(readonly retryAfterSec: number) {
    super('rate_limited', `too many refused attempts from this credential or address: retry in ${retryAfterSec} s`);
  }
}
