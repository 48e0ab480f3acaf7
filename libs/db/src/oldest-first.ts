/**
 * Bounded caches kept as a Map in insertion order, the oldest first, evict in batches, never one entry an insert.
 *
 * V8 leaves a deleted Map entry as a hole in the Map's table until the table is rebuilt, and an iteration (the usual
 * `keys().next()` for the oldest entry) walks every hole before the first live entry. Evicting the oldest entry on each
 * insert leaves the holes at the front, so each eviction walks past all the earlier ones: 45–64 µs an insert in a full
 * Map of 100,000 entries on the host BENCHMARKS.md names, against about 1 µs when a sixteenth of the bound goes at once
 * (one walk for that many inserts). A device's first poll met it in the refusal limiter's vouched-for map past
 * 100,000 devices.
 */

/** How many entries a bounded map at its bound drops at once: a sixteenth of the bound, at least one. */
export function evictionBatch(bound: number): number {
  return Math.max(1, Math.floor(bound / 16));
}

/**
 * Room for one more key in `map`, bounded at `bound` entries: when it holds `bound` or more, its oldest entries go
 * (`drop`, which must delete the key from the map; by default only that), in one walk, until evictionBatch(bound)
 * entries are free.
 */
export function makeRoom<K, V>(map: Map<K, V>, bound: number, drop: (key: K) => void = (key) => void map.delete(key)): void {
  if (map.size < bound) return;
  const target = bound - evictionBatch(bound);
  dropOldest(map, () => map.size <= target, drop);
}

/**
 * Drops `map`'s oldest keys (`drop`, which must take the key out), in one walk, until `enough(oldest)` says so of the
 * oldest key left: a cache whose oldest entries may also be stale (ended) can go on past its batch while they are.
 */
export function dropOldest<K>(map: Map<K, unknown>, enough: (oldest: K) => boolean, drop: (key: K) => void): void {
  for (const key of map.keys()) {
    if (enough(key)) return;
    drop(key);
  }
}
