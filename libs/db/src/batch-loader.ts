import { Done, attempt, callDone, promised } from './callback';
/** The most keys one load takes; the rest wait for the next. */
export const MAX_BATCH_KEYS = 1000;
/** Loads under way at once, at most: each holds a pooled connection for its statement. */
export const MAX_LOADS_IN_FLIGHT = 4;
/**
 * Items (keys to read, acks to write) that start a batch while another runs. Fewer wait for the one under way to
 * end: a statement costs the database and this process about as much for one item as for dozens, so on a busy
 * host small overlapping batches cost more CPU an item than they save in waiting.
 */
export const BATCH_OVERLAP = 50;

/**
 * Whether another batch may start, with `waiting` items not yet in one and `inFlight` batches under way: when none is,
 * or when `overlap` items wait, up to `max` at once (BatchLoader's reads, AckBatcher's writes).
 */
export function mayStartBatch(waiting: number, inFlight: number, max: number, overlap: number): boolean {
  if (waiting === 0 || inFlight >= max) return false;
  return inFlight === 0 || waiting >= overlap;
}

/** Called once with a key's row (undefined: not found), or with the error its load failed with. */
export type Loaded<V> = Done<V | undefined>;

/**
 * Loads rows by key in batches (the same key once): a key asked for while no
 * load runs is loaded at once, with the keys asked for in the same turn; the
 * keys asked for while one runs form the next load, which starts when a load
 * ends, or at once when BATCH_OVERLAP of them wait, up to `maxLoads` in flight.
 * After a restart, when a fleet's first polls arrive together, one query
 * serves many devices instead of one each, and a flood of them does not queue
 * behind one statement at a time.
 * A key asked for again while it is being loaded waits for a load of its own:
 * the answer it gets was read after it asked.
 * `load` returns the rows it found, keyed; a key it did not find is undefined.
 */
export class BatchLoader<K, V> {
  /** The callers waiting for each key: one callback, or several when the key was asked for more than once. */
  private waiting = new Map<K, Loaded<V> | Loaded<V>[]>();
  private loads = 0;
  private starting = false;

  constructor(
    private readonly load: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxLoads = MAX_LOADS_IN_FLIGHT,
    private readonly overlap = BATCH_OVERLAP,
  ) {}

  get(key: K): Promise<V | undefined> {
    return promised((loaded: Loaded<V>) => this.getWith(key, loaded));
  }

  /**
   * get() with a callback, called once, never synchronously (get() is this as a promise). `loaded` must not
   * throw: an exception it throws is rethrown on its own, as an uncaught one.
   */
  getWith(key: K, loaded: Loaded<V>): void {
    const waiters = this.waiting.get(key);
    if (waiters === undefined) this.waiting.set(key, loaded);
    else if (typeof waiters === 'function') this.waiting.set(key, [waiters, loaded]);
    else waiters.push(loaded);
    this.startSoon();
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
      const size = Math.min(this.waiting.size, MAX_BATCH_KEYS);
      const keys: K[] = new Array<K>(size);
      const waiters: (Loaded<V> | Loaded<V>[])[] = new Array<Loaded<V> | Loaded<V>[]>(size);
      let at = 0;
      for (const [key, waiting] of this.waiting) {
        if (at === size) break;
        keys[at] = key;
        waiters[at++] = waiting;
      }
      for (const key of keys) this.waiting.delete(key);
      this.loads++;
      this.run(keys, waiters);
    }
  }

  private mayStart(): boolean {
    return mayStartBatch(this.waiting.size, this.loads, this.maxLoads, this.overlap);
  }

  private run(keys: K[], waiters: (Loaded<V> | Loaded<V>[])[]): void {
    attempt(() => this.load(keys)).then(
      (rows) => {
        this.ended();
        for (let i = 0; i < keys.length; i++) answer(waiters[i], null, rows.get(keys[i]));
      },
      (error: unknown) => {
        this.ended();
        const failure = error ?? new Error('a batch load failed without a reason');
        for (const waiting of waiters) answer(waiting, failure);
      },
    );
  }

  /** The next load starts before this one's callers run: the database reads it while they do their work. */
  private ended(): void {
    this.loads--;
    this.start();
  }
}

function answer<V>(waiting: Loaded<V> | Loaded<V>[], error: unknown, value?: V): void {
  if (typeof waiting === 'function') callDone(waiting, error, value);
  else for (const loaded of waiting) callDone(loaded, error, value);
}
