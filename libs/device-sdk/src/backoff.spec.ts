import { backoffDelay, jittered, parseRetryAfter } from './backoff';

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 1_000 };

  it('doubles from the base, with jitter in [d/2, d), up to the cap', () => {
    const low = (attempt: number) => backoffDelay(attempt, options, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, options, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 20].map(low)).toEqual([50, 100, 200, 400, 500, 500, 500]);
    expect([1, 2, 3, 4, 5, 6, 20].map(high)).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it('never waits zero and never overflows on absurd attempt counts', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(10_000, options, () => 0.5)).toBe(750);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds and HTTP-dates as milliseconds from now', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0); // in the past: now
  });

  it('ignores what it cannot read, and caps what is too long', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('86400', now, 60_000)).toBe(60_000);
  });
});

describe('jittered', () => {
  it('spreads an interval by ±jitter', () => {
    expect(jittered(1_000, 0.2, () => 0)).toBe(800);
    expect(jittered(1_000, 0.2, () => 0.5)).toBe(1_000);
    expect(jittered(1_000, 0.2, () => 1)).toBe(1_200);
    expect(jittered(1_000, 5, () => 0)).toBe(0); // jitter is clamped to [0, 1]
  });
});
