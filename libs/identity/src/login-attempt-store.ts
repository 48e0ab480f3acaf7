import { makeRoom } from '@killswitch/db';

/**
 * Where failed password sign-ins are counted (LoginLimiter): two stores with one behaviour, Redis (shared by every API
 * instance) and this process's memory (while Redis does not answer).
 *
 * - Per client address: at most `addressLimit` failures in a window of `windowMs`, from the first one.
 * - Per account, at one address the account has signed in from (a familiar address) or from all the others together:
 *   `accountLimit` failures, then each next attempt waits `waitMs(n)`: `baseWaitMs` doubling to `maxWaitMs`. The count
 *   is forgotten `countTtlMs` after its last attempt; an address stays familiar `familiarTtlMs` after a sign-in.
 *
 * An attempt is counted when it is admitted, so that attempts sent together cannot all pass before the first one
 * fails; it is given back (`release`) when it turns out not to be a failure: the password was right, or the attempt
 * ended before the password was checked (the database gone).
 */
export interface LoginLimits {
  addressLimit: number;
  windowMs: number;
  accountLimit: number;
  baseWaitMs: number;
  maxWaitMs: number;
  countTtlMs: number;
  familiarTtlMs: number;
}

/** Who is trying: the client address, and digests of the account (normalised email) and of the address for the account keys. */
export interface AttemptKeys {
  address: string;
  account: string;
  addressDigest: string;
}

/** An admitted attempt: on which count it was charged, and whether it made the account's next attempt wait. */
export interface Charge {
  familiar: boolean;
  madeWait: boolean;
}

export type Admission = ({ admitted: true } & Charge) | { admitted: false; limit: 'address' | 'account'; retryAfterMs: number };

export interface LoginAttemptStore {
  admit(keys: AttemptKeys, limits: LoginLimits): Promise<Admission>;
  /** Gives an admitted attempt back. `passed`: its password was right: the address becomes familiar, and a familiar address's count starts again. */
  release(keys: AttemptKeys, charge: Charge, passed: boolean, limits: LoginLimits): Promise<void>;
}

/** How long the account's next attempt waits after `count` failures: none below the limit, then doubling to the cap. */
export function accountWaitMs(count: number, limits: Pick<LoginLimits, 'accountLimit' | 'baseWaitMs' | 'maxWaitMs'>): number {
  const over = count - limits.accountLimit;
  if (over < 0) return 0;
  return Math.min(limits.baseWaitMs * 2 ** Math.min(over, 30), limits.maxWaitMs);
}

/** Keys tracked at most in each map; past it the oldest are forgotten first, so a spray of addresses or emails cannot grow memory. */
const MAX_KEYS = 100_000;

interface AddressWindow {
  count: number;
  endsAt: number;
}

interface AccountCount {
  count: number;
  forgetAt: number;
  waitUntil: number;
}

/**
 * The stores' behaviour in this process's memory: what LoginLimiter counts in while Redis does not answer. Each API
 * instance counts alone here, so a client spread over n instances gets n times the limits.
 */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  private readonly windows = new Map<string, AddressWindow>();
  private readonly accounts = new Map<string, AccountCount>();
  private readonly familiar = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  admit(keys: AttemptKeys, limits: LoginLimits): Promise<Admission> {
    const now = this.now();
    const window = this.live(this.windows, keys.address, (w) => w.endsAt > now);
    if (window && window.count >= limits.addressLimit) {
      return Promise.resolve({ admitted: false, limit: 'address', retryAfterMs: window.endsAt - now });
    }
    const familiarKey = `${keys.account}:${keys.addressDigest}`;
    const familiar = (this.live(this.familiar, familiarKey, (until) => until > now) ?? 0) > 0;
    const accountKey = this.accountKey(keys, familiar);
    const account = this.live(this.accounts, accountKey, (a) => a.forgetAt > now);
    if (account && account.waitUntil > now) {
      return Promise.resolve({ admitted: false, limit: 'account', retryAfterMs: account.waitUntil - now });
    }

    if (window) window.count += 1;
    else this.remember(this.windows, keys.address, { count: 1, endsAt: now + limits.windowMs });
    const count = (account?.count ?? 0) + 1;
    const wait = accountWaitMs(count, limits);
    this.accounts.delete(accountKey); // re-inserted last: the most recently tried account is the last forgotten
    this.remember(this.accounts, accountKey, { count, forgetAt: now + limits.countTtlMs, waitUntil: wait > 0 ? now + wait : 0 });
    return Promise.resolve({ admitted: true, familiar, madeWait: wait > 0 });
  }

  release(keys: AttemptKeys, charge: Charge, passed: boolean, limits: LoginLimits): Promise<void> {
    const now = this.now();
    const window = this.live(this.windows, keys.address, (w) => w.endsAt > now);
    if (window && window.count > 0) window.count -= 1;
    const accountKey = this.accountKey(keys, charge.familiar);
    const account = this.live(this.accounts, accountKey, (a) => a.forgetAt > now);
    if (passed && charge.familiar) {
      this.accounts.delete(accountKey);
    } else if (account) {
      account.count = Math.max(0, account.count - 1);
      if (charge.madeWait) account.waitUntil = 0;
    }
    if (passed) {
      const familiarKey = `${keys.account}:${keys.addressDigest}`;
      this.familiar.delete(familiarKey);
      this.remember(this.familiar, familiarKey, now + limits.familiarTtlMs);
    }
    return Promise.resolve();
  }

  /** A familiar address has a count of its own for the account; every other address shares one. */
  private accountKey(keys: AttemptKeys, familiar: boolean): string {
    return `${keys.account}:${familiar ? keys.addressDigest : '*'}`;
  }

  private live<T>(map: Map<string, T>, key: string, isLive: (value: T) => boolean): T | undefined {
    const value = map.get(key);
    if (value === undefined) return undefined;
    if (isLive(value)) return value;
    map.delete(key);
    return undefined;
  }

  private remember<T>(map: Map<string, T>, key: string, value: T): void {
    if (!map.has(key)) makeRoom(map, this.maxKeys);
    map.set(key, value);
  }
}
