/** Told an item's outcome: its result, or the error that rejects it. */
export type Done<R> = (error: unknown, result?: R) => void;

interface Waiting<T, R> {
  item: T;
  done: Done<R>;
}

/** The most items one write takes; the rest wait for the next. */
export const MAX_BATCH = 1000;

/**
 * Natural batching: one write in flight at a time; the items submitted while
 * it runs form the next write. Alone, an item is written at once; under load,
 * one write serves hundreds. `write` returns one result per item, in order:
 * an Error rejects just that item, a thrown error rejects the whole batch.
 */
export class AckBatcher<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<(R | Error)[]>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => this.submitWith(item, (error, result) => (error === undefined ? resolve(result as R) : reject(error))));
  }

  /**
   * submit() with a callback, called once: a promise an item costs more than
   * the item's share of the write at thousands a second. `done` is called
   * synchronously as the write's results come in; what it throws is rethrown
   * on its own (an uncaught exception, as from any event handler), the other
   * items' callbacks still called.
   */
  submitWith(item: T, done: Done<R>): void {
    this.waiting.push({ item, done });
    if (!this.writing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        const items = new Array<T>(batch.length);
        for (let i = 0; i < batch.length; i++) items[i] = batch[i].item;
        let results: (R | Error)[] | undefined;
        let failure: unknown;
        try {
          results = await this.write(items);
        } catch (error) {
          failure = error ?? new Error('the write failed');
        }
        for (let i = 0; i < batch.length; i++) {
          const outcome = results?.[i];
          if (results === undefined) tell(batch[i].done, failure);
          else if (outcome instanceof Error) tell(batch[i].done, outcome);
          else tell(batch[i].done, undefined, outcome);
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
