import { dropOldest, evictionBatch, makeRoom } from './oldest-first';

const mapOf = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

describe('evictionBatch', () => {
  it('is a sixteenth of the bound, rounded down, and at least one', () => {
    expect([1, 15, 16, 33, 100_000].map(evictionBatch)).toEqual([1, 1, 1, 2, 6_250]);
  });
});

describe('makeRoom', () => {
  it('leaves a map below its bound as it is', () => {
    const map = mapOf(31);
    makeRoom(map, 32);
    expect(map.size).toBe(31);
  });

  it('at its bound, drops the oldest entries, a batch of them, and keeps the rest in their order', () => {
    const map = mapOf(32);
    makeRoom(map, 32);
    expect([...map.keys()]).toEqual(Array.from({ length: 30 }, (_, i) => `k${i + 2}`));
  });

  it('over its bound (a bound lowered), drops down to a batch below it', () => {
    const map = mapOf(40);
    makeRoom(map, 32);
    expect(map.size).toBe(30);
    expect(map.has('k9')).toBe(false);
    expect(map.has('k10')).toBe(true);
  });

  it('drops through the given function, oldest first, counting an entry moved to the end as new', () => {
    const map = mapOf(16);
    map.delete('k0');
    map.set('k0', 0);
    const dropped: string[] = [];
    makeRoom(map, 16, (key) => {
      dropped.push(key);
      map.delete(key);
    });
    makeRoom(map, 16, (key) => dropped.push(key));
    expect(dropped).toEqual(['k1']);
  });
});

describe('dropOldest', () => {
  it('drops oldest first until told it is enough, in one walk', () => {
    const map = mapOf(10);
    let total = 10;
    dropOldest(
      map,
      () => total <= 6,
      (key) => {
        total -= 1;
        map.delete(key);
      },
    );
    expect([...map.keys()]).toEqual(['k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
  });

  it('asks whether it is enough of each oldest key left, before dropping it', () => {
    const map = mapOf(10);
    const asked: string[] = [];
    dropOldest(
      map,
      (oldest) => {
        asked.push(oldest);
        return map.size <= 8 && map.get(oldest)! % 2 === 1;
      },
      (key) => map.delete(key),
    );
    expect(asked).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect([...map.keys()]).toEqual(['k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
  });
});
