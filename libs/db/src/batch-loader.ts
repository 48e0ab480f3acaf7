/** The most keys one load takes; the rest wait for the next. */
export const MAX_BATCH_KEYS = 1000;

interface Waiting<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

/**
 * Loads rows by key in batches: one query in flight at a time, and the keys
 * asked for while it runs form the next one (the same key once). Alone, a key
 * is loaded at once; after a restart, when a fleet's first polls arrive
 * together, one query serves hundreds of devices instead of one each.
 * `load` returns the rows it found, keyed; a key it did not find is undefined.
 */
export class BatchLoader<K, V> {
  private waiting = new Map<K, Waiting<V>[]>();
  private loading = false;

  constructor(private readonly load: (keys: K[]) => Promise<Map<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.loading) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.loading = true;
    try {
      while (this.waiting.size > 0) {
        const batch = new Map<K, Waiting<V>[]>();
        for (const [key, waiters] of this.waiting) {
          if (batch.size >= MAX_BATCH_KEYS) break;
          batch.set(key, waiters);
        }
        for (const key of batch.keys()) this.waiting.delete(key);
        try {
          const rows = await this.load([...batch.keys()]);
          for (const [key, waiters] of batch) for (const w of waiters) w.resolve(rows.get(key));
        } catch (error) {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        }
      }
    } finally {
      this.loading = false;
    }
  }
}
