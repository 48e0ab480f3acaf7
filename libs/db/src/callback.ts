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
