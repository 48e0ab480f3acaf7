import type { Redis } from 'ioredis';
import type { Admission, AttemptKeys, Charge, LoginAttemptStore, LoginLimits } from './login-attempt-store';

/**
 * Admits an attempt, or says which limit holds it back and for how many milliseconds, in one atomic step: attempts
 * sent together are counted one after another. KEYS: the address's window, the (account, address) familiar marker,
 * then the count and wait of the account at this address and at unfamiliar ones. The account's count goes on at each
 * attempt; from `accountLimit`, the attempt sets the wait of the next one.
 */
const ADMIT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then
  return {0, 1, math.max(redis.call('PTTL', KEYS[1]), 1)}
end
local familiar = redis.call('EXISTS', KEYS[2])
local count, wait = KEYS[5], KEYS[6]
if familiar == 1 then count, wait = KEYS[3], KEYS[4] end
local left = redis.call('PTTL', wait)
if left > 0 then return {0, 2, left} end
redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local n = redis.call('INCR', count)
redis.call('PEXPIRE', count, ARGV[6])
local over = n - tonumber(ARGV[3])
if over < 0 then return {1, familiar, 0} end
local ms = math.floor(math.min(tonumber(ARGV[4]) * 2 ^ math.min(over, 30), tonumber(ARGV[5])))
redis.call('SET', wait, '1', 'PX', ms)
return {1, familiar, 1}
`;

/** Gives an attempt back (see LoginAttemptStore.release). KEYS: the address's window, the familiar marker, the count and wait charged. */
const RELEASE = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
if ARGV[1] == '1' and ARGV[2] == '1' then
  redis.call('DEL', KEYS[3], KEYS[4])
else
  if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
  if ARGV[3] == '1' then redis.call('DEL', KEYS[4]) end
end
if ARGV[1] == '1' then redis.call('SET', KEYS[2], '1', 'PX', ARGV[4]) end
return 0
`;

/**
 * The counts in Redis, shared by every API instance. Every key starts with `keyPrefix`, the queues' hash-tagged prefix
 * and `:login` (`{killswitch}:login:…`), so a script's keys are in one Redis Cluster slot and the installation's keys
 * stay under its one prefix; each expires by itself (the window, the count's quiet time, the wait, the familiarity).
 */
export class RedisLoginAttemptStore implements LoginAttemptStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async admit(keys: AttemptKeys, limits: LoginLimits): Promise<Admission> {
    const k = this.keysOf(keys);
    const reply = (await this.redis.eval(
      ADMIT,
      6,
      k.window,
      k.familiar,
      k.familiarCount,
      k.familiarWait,
      k.otherCount,
      k.otherWait,
      limits.addressLimit,
      limits.windowMs,
      limits.accountLimit,
      limits.baseWaitMs,
      limits.maxWaitMs,
      limits.countTtlMs,
    )) as [number, number, number];
    const [admitted, second, third] = reply;
    if (admitted === 1) return { admitted: true, familiar: second === 1, madeWait: third === 1 };
    return { admitted: false, limit: second === 1 ? 'address' : 'account', retryAfterMs: third };
  }

  async release(keys: AttemptKeys, charge: Charge, passed: boolean, limits: LoginLimits): Promise<void> {
    const k = this.keysOf(keys);
    await this.redis.eval(
      RELEASE,
      4,
      k.window,
      k.familiar,
      charge.familiar ? k.familiarCount : k.otherCount,
      charge.familiar ? k.familiarWait : k.otherWait,
      passed ? '1' : '0',
      charge.familiar ? '1' : '0',
      charge.madeWait ? '1' : '0',
      limits.familiarTtlMs,
    );
  }

  /** The keys of an attempt. The account is a digest (no email in Redis, a bounded key), the address as it is. */
  keysOf(keys: AttemptKeys) {
    const account = `${this.keyPrefix}:account:${keys.account}`;
    return {
      window: `${this.keyPrefix}:address:${keys.address}`,
      familiar: `${this.keyPrefix}:familiar:${keys.account}:${keys.addressDigest}`,
      familiarCount: `${account}:${keys.addressDigest}:count`,
      familiarWait: `${account}:${keys.addressDigest}:wait`,
      otherCount: `${account}:*:count`,
      otherWait: `${account}:*:wait`,
    };
  }
}
