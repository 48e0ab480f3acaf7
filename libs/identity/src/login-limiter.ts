import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { EnvConfig } from '@killswitch/config';
import { RateLimitedError } from '@killswitch/http';
import { Admission, AttemptKeys, Charge, LoginAttemptStore, LoginLimits } from './login-attempt-store';
import { signInLimiterFallbacks, signInThrottled } from './sign-in-metrics';

/** The first wait of an account past its limit; it doubles with each further failure up to LOGIN_ACCOUNT_MAX_WAIT_SEC. */
const ACCOUNT_BASE_WAIT_MS = 15_000;
/** An account's failures are forgotten after a day without one. */
const ACCOUNT_COUNT_TTL_MS = 24 * 3600 * 1000;
/** An address the account signed in from stays familiar this long after the last sign-in from it. */
const FAMILIAR_TTL_MS = 30 * 24 * 3600 * 1000;
/** Redis must answer within this, or the attempt is counted in this process's memory: a sign-in never hangs on Redis. */
const SHARED_STORE_TIMEOUT_MS = 500;
/** At most one warning this often while Redis does not answer. */
const WARN_EVERY_MS = 60_000;

export function loginLimitsOf(config: Pick<EnvConfig, 'LOGIN_RATE_LIMIT' | 'LOGIN_ACCOUNT_LIMIT' | 'LOGIN_ACCOUNT_MAX_WAIT_SEC'>): LoginLimits {
  return {
    addressLimit: config.LOGIN_RATE_LIMIT,
    windowMs: 60_000,
    accountLimit: config.LOGIN_ACCOUNT_LIMIT,
    baseWaitMs: ACCOUNT_BASE_WAIT_MS,
    maxWaitMs: config.LOGIN_ACCOUNT_MAX_WAIT_SEC * 1000,
    countTtlMs: ACCOUNT_COUNT_TTL_MS,
    familiarTtlMs: FAMILIAR_TTL_MS,
  };
}

/**
 * An admitted password sign-in. It was counted as a failure when admitted; the sign-in gives it back when it was not
 * one. A failure needs no call.
 */
export class LoginAttempt {
  private settled = false;

  constructor(private readonly giveBack: (passed: boolean) => Promise<void>) {}

  /** The password was right (whether or not a session follows): not a guess, and the address becomes familiar to the account. */
  passed(): Promise<void> {
    return this.settle(true);
  }

  /** The attempt ended before its password was checked (the database did not answer): nothing was guessed. */
  abandoned(): Promise<void> {
    return this.settle(false);
  }

  private async settle(passed: boolean): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    await this.giveBack(passed);
  }
}

/**
 * Limits failed password sign-ins (POST /v1/auth/login and /v1/auth/session share the counts):
 *
 * - per client address (request.ip, so behind TRUST_PROXY the client's, not the balancer's): LOGIN_RATE_LIMIT
 *   failures a minute. A sign-in with the right password is not counted, and does not clear the count: whoever holds
 *   one good password could otherwise reset their address between guesses.
 * - per account (the normalised email, known or not, from any address): LOGIN_ACCOUNT_LIMIT failures, then each next
 *   attempt waits 15 s, doubling up to LOGIN_ACCOUNT_MAX_WAIT_SEC: guessing one account from many addresses is slowed
 *   to about one guess per wait. An address the account has signed in from (in the last 30 days) keeps a count of its
 *   own, which a sign-in from it clears: someone guessing from elsewhere makes the person wait only where they have
 *   never signed in before, never where they usually do.
 *
 * The counts live in Redis, shared by every API instance. When Redis does not answer within 500 ms, attempts are
 * counted in this process's memory instead (a warning a minute, killswitch_sign_in_limiter_fallbacks_total): sign-ins
 * go on, limited per instance, so an attacker gets at most the limits times the number of instances while it lasts.
 */
export class LoginLimiter {
  private readonly logger = new Logger('LoginLimiter');
  private warnedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limits: LoginLimits,
    private readonly shared: LoginAttemptStore,
    private readonly local: LoginAttemptStore,
    private readonly timeoutMs = SHARED_STORE_TIMEOUT_MS,
  ) {}

  /** Counts the attempt, or refuses it with a RateLimitedError (429 and Retry-After) before its password is checked. */
  async admit(address: string, email: string): Promise<LoginAttempt> {
    const keys: AttemptKeys = { address, account: digestOf(`account:${email}`), addressDigest: digestOf(`address:${address}`) };
    let store = this.shared;
    let admission: Admission;
    // Redis may still count the attempt after the timeout: that count is given back with this attempt's outcome too,
    // or a slow Redis would keep right passwords counted as failures there after it recovered.
    let late: Promise<Admission | undefined> | undefined;
    const shared = this.shared.admit(keys, this.limits);
    try {
      admission = await within(shared, this.timeoutMs);
    } catch (error) {
      this.fellBack(error);
      late = shared.then(
        (counted) => (counted.admitted ? counted : undefined),
        () => undefined,
      );
      store = this.local;
      admission = await this.local.admit(keys, this.limits);
    }
    if (!admission.admitted) {
      signInThrottled.inc({ limit: admission.limit });
      const retryAfter = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
      const from = admission.limit === 'address' ? 'from this address' : 'to this account';
      throw new RateLimitedError(`too many failed sign-ins ${from}: retry in ${retryAfter} s`, retryAfter);
    }
    const charge: Charge = { familiar: admission.familiar, madeWait: admission.madeWait };
    return new LoginAttempt(async (passed) => {
      try {
        await within(store.release(keys, charge, passed, this.limits), this.timeoutMs);
      } catch (error) {
        // The attempt stays counted as a failure: at worst one attempt too many against the limits.
        this.logger.warn(`could not give back a sign-in attempt: ${(error as Error).message}`);
      }
      if (late) void this.giveBackLate(late, keys, passed);
    });
  }

  /** Gives back, in Redis, an attempt Redis counted after the limiter had stopped waiting for it. */
  private async giveBackLate(late: Promise<Admission | undefined>, keys: AttemptKeys, passed: boolean): Promise<void> {
    const counted = await late;
    if (!counted?.admitted) return;
    try {
      await this.shared.release(keys, { familiar: counted.familiar, madeWait: counted.madeWait }, passed, this.limits);
    } catch (error) {
      this.logger.warn(`could not give back a sign-in attempt Redis counted late: ${(error as Error).message}`);
    }
  }

  private fellBack(error: unknown): void {
    signInLimiterFallbacks.inc();
    const now = Date.now();
    if (now - this.warnedAt < WARN_EVERY_MS) return;
    this.warnedAt = now;
    this.logger.warn(`Redis did not answer (${(error as Error).message}): failed sign-ins are counted by this API instance alone until it does`);
  }
}

function digestOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
