/**
 * Called once, Node's way: with null and the result, or with the error (never null then). The base form of an
 * operation on a hot path (a fleet's first polls, its acks): a callback costs one function where a promise costs
 * the promise, its two resolving functions and a job on the microtask queue.
 */
export type Done<R> = (error: unknown, result?: R) => void;

/** The promise form of an operation whose base form takes a Done callback: each promise form is this over it. */
export function promised<R>(start: (done: Done<R>) => void): Promise<R> {
  return new Promise<R>((resolve, reject) => start((error, result) => (error === null ? resolve(result as R) : reject(error))));
}

/**
 * Calls a caller's callback for a batch: what it throws is its own bug, kept from the batch's other callers and
 * rethrown apart, as an uncaught exception (as from any event handler), from the microtask queue: before the
 * continuations of the others' promises, so a process that exits on an uncaught exception exits before they run.
 */
export function callDone<R>(done: Done<R>, error: unknown, result?: R): void {
  try {
    done(error, result);
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}

/** `start()`'s promise, its synchronous throw as a rejection: a batch's callers are told of either the same way. */
export function attempt<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}
