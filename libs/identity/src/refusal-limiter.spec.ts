import { AppError } from '@killswitch/http';
import { RefusalLimiter, TooManyRefusals } from './refusal-limiter';

describe(RefusalLimiter.name, () => {
  let now = 0;
  const limiter = () => new RefusalLimiter(3, 60_000, () => now);

  beforeEach(() => (now = 1_000_000));

  it('lets a key be refused up to the limit, then names the seconds left in its window', () => {
    const l = limiter();
    for (let i = 0; i < 3; i += 1) {
      expect(l.retryAfterSec(['credential:a'])).toBeUndefined();
      l.refused('credential:a');
    }
    now += 15_500;
    expect(l.retryAfterSec(['credential:a'])).toBe(45);
    expect(l.retryAfterSec(['credential:b'])).toBeUndefined();
    expect(l.retryAfterSec(['credential:b', 'credential:a'])).toBe(45);
  });

  it('forgets a key once its window has ended', () => {
    const l = limiter();
    for (let i = 0; i < 3; i += 1) l.refused('address:192.0.2.1');
    now += 60_000;
    expect(l.retryAfterSec(['address:192.0.2.1'])).toBeUndefined();
    l.refused('address:192.0.2.1');
    expect(l.retryAfterSec(['address:192.0.2.1'])).toBeUndefined();
  });

  it('holds back an address over its limit, except for a credential that authenticated here within the window', () => {
    const l = limiter();
    l.vouch('credential:signed-in');
    for (let i = 0; i < 3; i += 1) l.refused('address:10.0.0.1');
    expect(l.retryAfterFor('credential:new', 'address:10.0.0.1')).toBe(60);
    expect(l.retryAfterFor(undefined, 'address:10.0.0.1')).toBe(60);
    expect(l.retryAfterFor('credential:signed-in', 'address:10.0.0.1')).toBeUndefined();
  });

  it('lets a credential known to have authenticated here through an address held back, but not past its own limit', () => {
    const l = limiter();
    for (let i = 0; i < 3; i += 1) l.refused('address:10.0.0.4');
    expect(l.retryAfterFor('credential:in-memory', 'address:10.0.0.4')).toBe(60);
    expect(l.retryAfterFor('credential:in-memory', 'address:10.0.0.4', true)).toBeUndefined();
    for (let i = 0; i < 3; i += 1) l.refused('credential:in-memory');
    expect(l.retryAfterFor('credential:in-memory', 'address:10.0.0.5', true)).toBe(60);
  });

  it('says in one comparison whether any credential may be over its limit: not for addresses, nor below the limit, nor once its window ends', () => {
    const l = limiter();
    for (let i = 0; i < 3; i += 1) l.refused('address:10.0.0.6');
    l.refused('credential:a');
    l.refused('credential:a');
    expect(l.credentialsMayBeHeldBack()).toBe(false);
    now += 1_000;
    l.refused('credential:a');
    expect(l.credentialsMayBeHeldBack()).toBe(true);
    expect(l.retryAfterSec(['credential:a'])).toBe(59);
    now += 58_999;
    expect(l.credentialsMayBeHeldBack()).toBe(true);
    now += 1; // the window of credential:a, which began 59 s ago at its first refusal, ends
    expect(l.credentialsMayBeHeldBack()).toBe(false);
    expect(l.retryAfterSec(['credential:a'])).toBeUndefined();
  });

  it('holds back with a TooManyRefusals naming the seconds left, as retryAfterFor decides', () => {
    const l = limiter();
    for (let i = 0; i < 3; i += 1) l.refused('address:10.0.0.7');
    now += 20_000;
    expect(() => l.holdBack(undefined, 'address:10.0.0.8')).not.toThrow();
    expect(() => l.holdBack('credential:in-memory', 'address:10.0.0.7', true)).not.toThrow();
    let thrown: unknown;
    try {
      l.holdBack('credential:new', 'address:10.0.0.7');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TooManyRefusals);
    expect((thrown as TooManyRefusals).retryAfterSec).toBe(40);
  });

  it('counts a 401 against the address and a 403 against its credential (the address without one), nothing else', () => {
    const l = new RefusalLimiter(1, 60_000, () => now);
    const credentialOf = jest.fn(() => 'credential:wrong-kind');
    l.countRefusal(new AppError('unauthenticated', 'no'), 'address:10.0.0.9', credentialOf);
    expect(credentialOf).not.toHaveBeenCalled();
    l.countRefusal(new AppError('forbidden', 'no'), 'address:10.0.0.10', credentialOf);
    l.countRefusal(new AppError('forbidden', 'no'), 'address:10.0.0.11');
    l.countRefusal(new AppError('invalid_input', 'no'), 'address:10.0.0.12', credentialOf);
    l.countRefusal(new Error('not a refusal'), 'address:10.0.0.13', credentialOf);
    const heldBack = ['address:10.0.0.9', 'credential:wrong-kind', 'address:10.0.0.10', 'address:10.0.0.11', 'address:10.0.0.12', 'address:10.0.0.13'].map(
      (key) => l.retryAfterSec([key]) !== undefined,
    );
    expect(heldBack).toEqual([true, true, false, true, false, false]);
  });

  it('keeps a credential vouched for a whole window after it last authenticated, however often it did', () => {
    const l = limiter();
    l.vouch('credential:busy');
    now += 10_000;
    l.vouch('credential:busy'); // within half a window of the first: its time is updated in place
    now += 59_999;
    for (let i = 0; i < 3; i += 1) l.refused('address:10.0.0.2');
    expect(l.retryAfterFor('credential:busy', 'address:10.0.0.2')).toBeUndefined();
    now += 1;
    expect(l.retryAfterFor('credential:busy', 'address:10.0.0.2')).toBeGreaterThan(0);
  });

  it('past its size, forgets the credential vouched for least lately, counting only re-vouches half a window apart', () => {
    const l = new RefusalLimiter(3, 60_000, () => now, 3);
    for (let i = 0; i < 3; i += 1) l.refused('address:10.0.0.3');
    l.vouch('credential:a');
    l.vouch('credential:b');
    l.vouch('credential:c');
    now += 30_000; // half a window: a moves behind b and c
    l.vouch('credential:a');
    l.vouch('credential:d'); // one too many: b goes, not a
    const vouched = (c: string) => l.retryAfterFor(c, 'address:10.0.0.3') === undefined;
    expect(['credential:a', 'credential:b', 'credential:c', 'credential:d'].map(vouched)).toEqual([true, false, true, true]);
  });

  it('at its size, forgets the oldest windows a sixteenth of its size at once, keeping the newer ones', () => {
    const l = new RefusalLimiter(1, 60_000, () => now, 32);
    for (let i = 0; i <= 32; i += 1) l.refused(`address:10.0.1.${i}`);
    const heldBack = Array.from({ length: 33 }, (_, i) => l.retryAfterSec([`address:10.0.1.${i}`]) !== undefined);
    expect(heldBack).toEqual([false, false, ...Array<boolean>(31).fill(true)]);
  });

  it('at its size, forgets the credentials vouched for least lately a sixteenth of its size at once', () => {
    const l = new RefusalLimiter(3, 60_000, () => now, 32);
    for (let i = 0; i < 3; i += 1) l.refused('address:10.0.0.4');
    for (let i = 0; i <= 32; i += 1) l.vouch(`credential:${i}`);
    const vouched = Array.from({ length: 33 }, (_, i) => l.retryAfterFor(`credential:${i}`, 'address:10.0.0.4') === undefined);
    expect(vouched).toEqual([false, false, ...Array<boolean>(31).fill(true)]);
  });
});
