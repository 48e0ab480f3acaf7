import { BATCH_OVERLAP, Done, attempt, callDone, mayStartBatch, promised } from '@killswitch/db';

/** The most items one write takes; the rest wait for the next. */
export const MAX_BATCH = 1000;
/**
 * Writes under way at once, at most: each holds a pooled connection for its statements. Two rather than one lets
 * the database write one batch while the next is sent (about 30 % more acks a second at 100 and at 400 in flight,
 * `bench/acks.mjs`); four gave fewer at 400 in flight in the one run tried (7,818 a second against about 10,600 for
 * two), likely because a flood split four ways makes batches whose statements cost more than the overlap saves.
 */
export const MAX_WRITES_IN_FLIGHT = 2;

/**
 * Natural batching: alone, an item is written at once; the items submitted
 * while a write runs form the next write, which starts when a write ends, or
 * at once when BATCH_OVERLAP of them wait, up to MAX_WRITES_IN_FLIGHT writes
 * at once (BatchLoader's policy, for reads). Under load one write serves
 * dozens to hundreds, and a fleet's acks do not queue behind one round trip to
 * the database at a time. Writes that overlap must be safe to run in any
 * order, as two API instances' writes already are.
 * `write` returns one result per item, in order: an Error rejects just that
 * item, a thrown error rejects the whole batch.
 */
export class AckBatcher<T, R> {
  // The items waiting and their callbacks, side by side: no object an item to pair them.
  private items: T[] = [];
  private dones: Done<R>[] = [];
  private writes = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<(R | Error)[]>,
    private readonly maxWrites = MAX_WRITES_IN_FLIGHT,
    private readonly overlap = BATCH_OVERLAP,
  ) {}

  /** submitWith() as a promise. */
  submit(item: T): Promise<R> {
    return promised((done) => this.submitWith(item, done));
  }

  /**
   * submit() with a callback, called once: a promise an item costs more than
   * the item's share of the write at thousands a second. `done` is called
   * synchronously as the write's results come in; what it throws is rethrown
   * on its own (an uncaught exception, as from any event handler), the other
   * items' callbacks still called.
   */
  submitWith(item: T, done: Done<R>): void {
    this.items.push(item);
    this.dones.push(done);
    this.start();
  }

  private start(): void {
    while (this.mayStart()) {
      let items = this.items;
      let dones = this.dones;
      if (items.length <= MAX_BATCH) {
        this.items = [];
        this.dones = [];
      } else {
        items = items.splice(0, MAX_BATCH);
        dones = dones.splice(0, MAX_BATCH);
      }
      this.run(items, dones);
    }
  }

  private mayStart(): boolean {
    return mayStartBatch(this.items.length, this.writes, this.maxWrites, this.overlap);
  }

  private run(items: T[], dones: Done<R>[]): void {
    this.writes++;
    attempt(() => this.write(items)).then(
      (results) => {
        this.ended();
        for (let i = 0; i < dones.length; i++) {
          const outcome = results[i];
          if (outcome instanceof Error) callDone(dones[i], outcome);
          else callDone(dones[i], null, outcome);
        }
      },
      (error: unknown) => {
        this.ended();
        const failure = error ?? new Error('the write failed');
        for (const done of dones) callDone(done, failure);
      },
    );
  }

  /** The next write starts before this one's callers are told: the database writes it while they do their work. */
  private ended(): void {
    this.writes--;
    this.start();
  }
}
