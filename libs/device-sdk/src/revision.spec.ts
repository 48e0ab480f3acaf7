import { compareRevision } from './revision';

describe('compareRevision', () => {
  const held = { rev: 10, iat: 1_000 };

  it('takes anything first, and a higher rev whatever its iat', () => {
    expect(compareRevision(undefined, { rev: 0, iat: 1 })).toBe('newer');
    expect(compareRevision(held, { rev: 11, iat: 999 })).toBe('newer');
  });

  it('refuses a lower rev even when signed later (a replayed old answer re-signed is still old)', () => {
    expect(compareRevision(held, { rev: 9, iat: 5_000 })).toBe('rollback');
  });

  it('takes an equal rev only when signed later; the same snapshot again is a no-op', () => {
    expect(compareRevision(held, { rev: 10, iat: 1_001 })).toBe('refresh');
    expect(compareRevision(held, { rev: 10, iat: 999 })).toBe('rollback');
    expect(compareRevision(held, { rev: 10, iat: 1_000 })).toBe('rollback');
    expect(compareRevision(held, { rev: 10, iat: 1_000 }, true)).toBe('same');
  });
});
