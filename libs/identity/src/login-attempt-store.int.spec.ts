import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { AttemptKeys, LoginAttemptStore, LoginLimits, MemoryLoginAttemptStore, accountWaitMs } from './login-attempt-store';
import { RedisLoginAttemptStore } from './redis-login-attempt-store';

const limits: LoginLimits = {
  addressLimit: 3,
  windowMs: 60_000,
  accountLimit: 2,
  baseWaitMs: 15_000,
  maxWaitMs: 100_000,
  countTtlMs: 24 * 3600_000,
  familiarTtlMs: 30 * 24 * 3600_000,
};

describe(accountWaitMs.name, () => {
  it('waits nothing below the limit, then the base wait doubling with each failure up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((count) => accountWaitMs(count, limits))).toEqual([0, 15_000, 30_000, 60_000, 100_000, 100_000, 100_000, 100_000]);
  });
});

/**
 * The two stores behave alike; time moves by hand: the memory store's clock, or (in Redis, whose clock tests cannot
 * move) by deleting the key whose time ran out.
 */
interface StoreCase {
  store: LoginAttemptStore;
  /** The address's window ends. */
  endWindow(keys: AttemptKeys): Promise<void>;
  /** The account's wait at this address (familiar) or elsewhere ends. */
  endWait(keys: AttemptKeys, familiar: boolean): Promise<void>;
}

describe.each(['memory', 'redis'] as const)('login attempt store: %s (integration)', (kind) => {
  let redis: Redis | undefined;
  let now = 1_000_000;
  let subject: StoreCase;

  beforeAll(() => {
    if (kind === 'redis') redis = new Redis(process.env.REDIS_URL!);
  });
  afterAll(() => redis?.disconnect());

  beforeEach(() => {
    if (kind === 'memory') {
      const store = new MemoryLoginAttemptStore(() => now);
      subject = {
        store,
        endWindow: async () => void (now += limits.windowMs),
        // The window ends first (a minute): take the longest wait there can be.
        endWait: async () => void (now += limits.maxWaitMs),
      };
    } else {
      // The run's prefix, which the global teardown clears; each test's keys are its own (keysOf).
      const store = new RedisLoginAttemptStore(redis!, `{${process.env.KILLSWITCH_QUEUE_PREFIX}}:login`);
      subject = {
        store,
        endWindow: async (keys) => void (await redis!.del(store.keysOf(keys).window)),
        endWait: async (keys, familiar) => {
          const k = store.keysOf(keys);
          await redis!.del(familiar ? k.familiarWait : k.otherWait);
        },
      };
    }
  });

  let test = '';
  beforeEach(() => (test = randomUUID()));
  const keysOf = (address: string, account = 'account-a'): AttemptKeys => ({
    address: `${test}-${address}`,
    account: `${test}-${account}`,
    addressDigest: `${test}-digest-${address}`,
  });
  const many = { ...limits, accountLimit: 1000 };

  it('admits an address up to its limit, then refuses it for the rest of its window', async () => {
    const keys = keysOf('192.0.2.1');
    for (let i = 0; i < 3; i++) expect(await subject.store.admit(keysOf('192.0.2.1', `a${i}`), many)).toMatchObject({ admitted: true });
    const refused = await subject.store.admit(keysOf('192.0.2.1', 'a9'), many);
    expect(refused).toEqual({ admitted: false, limit: 'address', retryAfterMs: expect.any(Number) });
    expect(refused.admitted === false && refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.admitted === false && refused.retryAfterMs).toBeLessThanOrEqual(limits.windowMs);
    expect(await subject.store.admit(keysOf('192.0.2.2', 'a9'), many)).toMatchObject({ admitted: true });

    await subject.endWindow(keys);
    expect(await subject.store.admit(keysOf('192.0.2.1', 'a9'), many)).toMatchObject({ admitted: true });
  });

  it('counts attempts sent together one after another: no more than the limit get through', async () => {
    const admissions = await Promise.all(Array.from({ length: 10 }, (_, i) => subject.store.admit(keysOf('192.0.2.3', `b${i}`), many)));
    expect(admissions.filter((a) => a.admitted)).toHaveLength(3);
    const accountOnly = await Promise.all(Array.from({ length: 10 }, (_, i) => subject.store.admit(keysOf(`198.51.100.${i}`, 'one-account'), limits)));
    // accountLimit 2: the second attempt makes the next ones wait.
    expect(accountOnly.filter((a) => a.admitted)).toHaveLength(2);
  });

  it('makes an account wait once it reaches its limit, from any address, the wait doubling with each failure', async () => {
    const first = await subject.store.admit(keysOf('203.0.113.1'), limits);
    const second = await subject.store.admit(keysOf('203.0.113.2'), limits);
    expect([first, second]).toEqual([
      { admitted: true, familiar: false, madeWait: false },
      { admitted: true, familiar: false, madeWait: true },
    ]);
    const held = await subject.store.admit(keysOf('203.0.113.3'), limits);
    expect(held).toEqual({ admitted: false, limit: 'account', retryAfterMs: expect.any(Number) });
    expect(held.admitted === false && held.retryAfterMs).toBeGreaterThan(limits.baseWaitMs - 1000);
    expect(held.admitted === false && held.retryAfterMs).toBeLessThanOrEqual(limits.baseWaitMs);

    await subject.endWait(keysOf('203.0.113.3'), false);
    expect(await subject.store.admit(keysOf('203.0.113.4'), limits)).toMatchObject({ admitted: true, madeWait: true });
    const longer = await subject.store.admit(keysOf('203.0.113.5'), limits);
    expect(longer.admitted === false && longer.retryAfterMs).toBeGreaterThan(2 * limits.baseWaitMs - 1000);
    expect(longer.admitted === false && longer.retryAfterMs).toBeLessThanOrEqual(2 * limits.baseWaitMs);
  });

  it('gives a familiar address a count of its own: guesses from elsewhere do not hold it back, and its sign-in clears it', async () => {
    const roomy = { ...limits, addressLimit: 1000 };
    const home = keysOf('203.0.113.10');
    const signIn = await subject.store.admit(home, roomy);
    if (!signIn.admitted) throw new Error('not admitted');
    await subject.store.release(home, signIn, true, roomy);

    for (const address of ['203.0.113.11', '203.0.113.12']) expect(await subject.store.admit(keysOf(address), roomy)).toMatchObject({ admitted: true });
    expect(await subject.store.admit(keysOf('203.0.113.13'), roomy)).toMatchObject({ admitted: false, limit: 'account' });

    const typo = await subject.store.admit(home, roomy);
    expect(typo).toEqual({ admitted: true, familiar: true, madeWait: false });
    const passed = await subject.store.admit(home, roomy);
    expect(passed).toEqual({ admitted: true, familiar: true, madeWait: true });
    if (!passed.admitted) throw new Error('not admitted');
    await subject.store.release(home, passed, true, roomy);
    // Cleared: two more failures before home waits; elsewhere still waits.
    expect(await subject.store.admit(home, roomy)).toMatchObject({ admitted: true, madeWait: false });
    expect(await subject.store.admit(home, roomy)).toMatchObject({ admitted: true, madeWait: true });
    expect(await subject.store.admit(home, roomy)).toMatchObject({ admitted: false, limit: 'account' });
    expect(await subject.store.admit(keysOf('203.0.113.14'), roomy)).toMatchObject({ admitted: false, limit: 'account' });
  });

  it('gives back an attempt that was no failure: its place in the address window, its account count and the wait it made', async () => {
    const keys = keysOf('203.0.113.20', 'account-c');
    const admitted = [];
    for (let i = 0; i < 2; i++) admitted.push(await subject.store.admit(keys, limits));
    expect(admitted[1]).toMatchObject({ admitted: true, madeWait: true });
    const last = admitted[1];
    if (!last.admitted) throw new Error('not admitted');
    await subject.store.release(keys, last, false, limits);
    // The account waits no more and counts one failure; the address has its place back.
    expect(await subject.store.admit(keys, limits)).toMatchObject({ admitted: true, madeWait: true });
    expect(await subject.store.admit(keysOf('203.0.113.20', 'account-d'), limits)).toMatchObject({ admitted: true });
    expect(await subject.store.admit(keysOf('203.0.113.20', 'account-e'), limits)).toMatchObject({ admitted: false, limit: 'address' });
  });
});
