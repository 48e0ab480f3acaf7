interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
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
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        try {
          const results = await this.write(batch.map((w) => w.item));
          batch.forEach((w, i) => (results[i] instanceof Error ? w.reject(results[i]) : w.resolve(results[i] as R)));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
