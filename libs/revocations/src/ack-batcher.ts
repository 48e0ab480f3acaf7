import { Done, promised } from '@killswitch/db';

/** The most items one write takes; the rest wait for the next. */
export const MAX_BATCH = 1000;

/**
 * Natural batching: one write in flight at a time; the items submitted while
 * it runs form the next write. Alone, an item is written at once; under load,
 * one write serves hundreds. `write` returns one result per item, in order:
 * an Error rejects just that item, a thrown error rejects the whole batch.
 */
export class AckBatcher<T, R> {
  // The items waiting and their callbacks, side by side: no object an item to pair them.
  private items: T[] = [];
  private dones: Done<R>[] = [];
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<(R | Error)[]>) {}

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
    if (!this.writing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.items.length > 0) {
        let items = this.items;
        let dones = this.dones;
        if (items.length <= MAX_BATCH) {
          this.items = [];
          this.dones = [];
        } else {
          items = items.splice(0, MAX_BATCH);
          dones = dones.splice(0, MAX_BATCH);
        }
        let results: (R | Error)[] | undefined;
        let failure: unknown;
        try {
          results = await this.write(items);
        } catch (error) {
          failure = error ?? new Error('the write failed');
        }
        for (let i = 0; i < dones.length; i++) {
          const outcome = results?.[i];
          if (results === undefined) tell(dones[i], failure);
          else if (outcome instanceof Error) tell(dones[i], outcome);
          else tell(dones[i], null, outcome);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

function tell<R>(done: Done<R>, error: unknown, result?: R): void {
  try {
    done(error, result);
  } catch (thrown) {
    process.nextTick(() => {
      throw thrown;
    });
  }
}
