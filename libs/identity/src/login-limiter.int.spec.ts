import { loadConfig } from '@killswitch/config';
import { RateLimitedError } from '@killswitch/http';
import { metricsRegistry } from '@killswitch/metrics';
import { RedisService } from '@killswitch/queue';
import { freePort } from '../../../test/support/processes';
import { Admission, LoginAttemptStore, MemoryLoginAttemptStore } from './login-attempt-store';
import { LoginLimiter, loginLimitsOf } from './login-limiter';
import { RedisLoginAttemptStore } from './redis-login-attempt-store';

const limits = loginLimitsOf({ LOGIN_RATE_LIMIT: 3, LOGIN_ACCOUNT_LIMIT: 5, LOGIN_ACCOUNT_MAX_WAIT_SEC: 900 });

async function fallbacks(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('killswitch_sign_in_limiter_fallbacks_total')!.get();
  return metric.values[0]?.value ?? 0;
}

/** Three failed sign-ins from `address`, then a fourth: what the limiter answers it. */
async function fourthFailure(limiter: LoginLimiter, address: string): Promise<unknown> {
  for (let i = 0; i < 3; i++) await limiter.admit(address, `user${i}@killswitch.test`);
  return limiter.admit(address, 'user9@killswitch.test').then(
    () => 'admitted',
    (error: unknown) => error,
  );
}

/** When Redis does not answer, failed sign-ins are counted in the process's memory: nobody is locked out, nobody guesses unlimited. */
describe(`${LoginLimiter.name} without Redis (integration)`, () => {
  let redis: RedisService;

  beforeAll(async () => {
    // Nothing listens there: every command is refused at once (no offline queue).
    redis = new RedisService(loadConfig({ DATABASE_URL: 'postgresql://test@127.0.0.1/test', REDIS_URL: `redis://127.0.0.1:${await freePort()}` }));
  });
  afterAll(() => redis.onModuleDestroy());

  it('counts in memory: the limits still hold, and other clients still sign in', async () => {
    const limiter = new LoginLimiter(limits, new RedisLoginAttemptStore(redis.client, '{outage}:login'), new MemoryLoginAttemptStore());
    const before = await fallbacks();

    const refused = await fourthFailure(limiter, '192.0.2.50');
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^too many failed sign-ins from this address/) });
    expect((refused as RateLimitedError).retryAfterSec).toBeGreaterThanOrEqual(1);
    expect((refused as RateLimitedError).retryAfterSec).toBeLessThanOrEqual(60);

    const other = await limiter.admit('192.0.2.51', 'user0@killswitch.test');
    await other.passed();
    expect(await fallbacks()).toBe(before + 5);
  });

  it('does not hang on a Redis that takes no answer back: past the timeout, memory counts', async () => {
    const silent: LoginAttemptStore = { admit: () => new Promise<Admission>(() => {}), release: () => new Promise<void>(() => {}) };
    const limiter = new LoginLimiter(limits, silent, new MemoryLoginAttemptStore(), 20);
    expect(await fourthFailure(limiter, '192.0.2.52')).toBeInstanceOf(RateLimitedError);
    const attempt = await limiter.admit('192.0.2.53', 'user0@killswitch.test');
    await attempt.passed(); // the give-back times out too, and is let go
  });

  it('gives back in Redis an attempt Redis counted after the timeout, once its password proves right', async () => {
    const redisCounts = new MemoryLoginAttemptStore();
    let answer = () => {};
    const slow: LoginAttemptStore = {
      admit: (keys, given) => new Promise<void>((resolve) => (answer = resolve)).then(() => redisCounts.admit(keys, given)),
      release: (keys, charge, passed, given) => redisCounts.release(keys, charge, passed, given),
    };
    const limiter = new LoginLimiter(limits, slow, new MemoryLoginAttemptStore(), 20);
    const addresses = ['192.0.2.60', '192.0.2.60', '192.0.2.60', '192.0.2.60'];
    // Four right passwords while Redis is slow: each counted late there, each given back.
    for (const address of addresses) {
      const attempt = await limiter.admit(address, 'user0@killswitch.test');
      answer();
      await attempt.passed();
    }
    await new Promise((resolve) => setImmediate(resolve));
    // Redis, answering again, holds none of them as failures: the address is not held back.
    expect(await redisCounts.admit({ address: '192.0.2.60', account: 'a', addressDigest: 'd' }, limits)).toMatchObject({ admitted: true });
  });
});
