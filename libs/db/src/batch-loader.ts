/** The most keys one load takes; the rest wait for the next. */
export const MAX_BATCH_KEYS = 1000;
/** Loads under way at once, at most: each holds a pooled connection for its statement. */
export const MAX_LOADS_IN_FLIGHT = 4;
/**
 * Keys that start a load while another runs. Fewer wait for the one under way to end: a statement costs the
 * database and this process about as much for one key as for dozens, so on a busy host small overlapping
 * loads cost more CPU a key than they save in waiting.
 */
export const OVERLAP_KEYS = 50;

interface Waiting<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

/**
 * Loads rows by key in batches (the same key once): a key asked for while no
 * load runs is loaded at once, with the keys asked for in the same turn; the
 * keys asked for while one runs form the next load, which starts when a load
 * ends, or at once when OVERLAP_KEYS of them wait, up to `maxLoads` in flight.
 * After a restart, when a fleet's first polls arrive together, one query
 * serves many devices instead of one each, and a flood of them does not queue
 * behind one statement at a time.
 * A key asked for again while it is being loaded waits for a load of its own:
 * the answer it gets was read after it asked.
 * `load` returns the rows it found, keyed; a key it did not find is undefined.
 */
export class BatchLoader<K, V> {
  private waiting = new Map<K, Waiting<V>[]>();
  private loads = 0;
  private starting = false;

  constructor(
    private readonly load: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxLoads = MAX_LOADS_IN_FLIGHT,
    private readonly overlapKeys = OVERLAP_KEYS,
  ) {}

  get(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.startSoon();
    });
  }

  /** At the end of this turn, so the keys asked for in one turn share a load. */
  private startSoon(): void {
    if (this.starting || !this.mayStart()) return;
    this.starting = true;
    queueMicrotask(() => {
      this.starting = false;
      this.start();
    });
  }

  private start(): void {
    while (this.mayStart()) {
      const batch = new Map<K, Waiting<V>[]>();
      for (const [key, waiters] of this.waiting) {
        if (batch.size >= MAX_BATCH_KEYS) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) this.waiting.delete(key);
      this.loads++;
      void this.run(batch);
    }
  }

  private mayStart(): boolean {
    if (this.waiting.size === 0 || this.loads >= this.maxLoads) return false;
    return this.loads === 0 || this.waiting.size >= this.overlapKeys;
  }

  private async run(batch: Map<K, Waiting<V>[]>): Promise<void> {
    try {
      const rows = await this.load([...batch.keys()]);
      for (const [key, waiters] of batch) for (const w of waiters) w.resolve(rows.get(key));
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    } finally {
      this.loads--;
      this.start();
    }
  }
}
