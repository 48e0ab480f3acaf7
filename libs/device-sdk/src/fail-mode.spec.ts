import { effectiveFlags, isExpired } from './fail-mode';

describe('effectiveFlags', () => {
  const held = {
    exp: 1_000,
    integrations: {
      'x.closed-on': { enabled: true, failMode: 'closed' as const },
      'x.open-on': { enabled: true, failMode: 'open' as const },
      'x.open-killed': { enabled: false, failMode: 'open' as const },
      'x.no-mode': { enabled: true },
    },
  };

  it('is what the snapshot says while it is fresh', () => {
    expect(effectiveFlags(held, 999_999)).toEqual({ 'x.closed-on': true, 'x.open-on': true, 'x.open-killed': false, 'x.no-mode': true });
  });

  it('past exp: closed (and a missing fail mode) turns off, open keeps the last verified value', () => {
    expect(isExpired(held, 1_000_000)).toBe(true);
    expect(effectiveFlags(held, 1_000_000)).toEqual({ 'x.closed-on': false, 'x.open-on': true, 'x.open-killed': false, 'x.no-mode': false });
  });

  it('honours the clock tolerance, and knows nothing before the first snapshot', () => {
    expect(effectiveFlags(held, 1_004_999, 5)['x.closed-on']).toBe(true);
    expect(effectiveFlags(held, 1_005_000, 5)['x.closed-on']).toBe(false);
    expect(effectiveFlags(undefined, 0)).toEqual({});
  });
});
