import { uuidv7 } from './uuid-v7';

describe(uuidv7.name, () => {
  it('makes version 7, variant 1 UUIDs that carry the time', () => {
    const id = uuidv7(Date.UTC(2026, 11, 5));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 5));
  });

  it('makes strictly increasing ids, also many within one millisecond', () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
