import { backoffDelay } from './backoff';

const policy = { initialMs: 250, maxMs: 5000 };

describe(backoffDelay.name, () => {
  it('doubles the delay with each attempt up to the cap', () => {
    const top = () => 1; // the most jitter can add
    expect([0, 1, 2, 3, 4, 5, 10, 1000].map((attempt) => backoffDelay(attempt, policy, top))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('jitters between half and all of the nominal delay, never below half', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(1500);
    for (let i = 0; i < 1000; i++) {
      const delay = backoffDelay(20, policy);
      expect(delay).toBeGreaterThanOrEqual(2500);
      expect(delay).toBeLessThanOrEqual(5000);
    }
  });
});
