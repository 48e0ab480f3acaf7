/**
 * The signal requests of one API instance, written one at a time, the tokens in turn.
 *
 * Every signal request is one transaction that takes the audit chain's lock at its first alert and keeps it to its
 * commit: the database writes them one after another whatever we do. Let in together, an alert storm's requests each
 * hold a pooled connection while they wait on that lock, their transaction timeouts running; measured, 41 of 50
 * concurrent notifications failed (503) after 35 s, and a responder's kill in the middle of a smaller storm waited
 * 13.6 s. Waiting here instead, a request holds no connection and no transaction: the pool stays free for kills, and a
 * kill waits at most for the one signal transaction under way. Tokens take turns, so a flooding token delays another
 * token's request by at most one of its own; each token may have SIGNALS_QUEUE_MAX requests waiting, which bounds
 * the memory a flood holds.
 */
import { AppError } from '@killswitch/http';
import { UserPrincipal } from '@killswitch/identity';
import { signalRequestsRefused, signalRequestsWaiting } from './signal-metrics';

type Waiter = () => void;

export class SignalQueue {
  private busy = false;
  /** Waiting requests by token; the map's order is the turn order (a token served goes to the back). */
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(readonly maxWaiting: number) {}

  /** Refuses (503) a request of `key` that would have to wait while as many of its requests wait as may. */
  refuseWhenFull(key: string): void {
    if (this.busy && (this.waiting.get(key)?.length ?? 0) >= this.maxWaiting) {
      signalRequestsRefused.inc();
      throw busy(this.maxWaiting);
    }
  }

  /** Runs `work` once the requests ahead of it in its turn are done; refuses (503) when `key` has too many waiting. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    if (this.busy) {
      this.refuseWhenFull(key);
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(key);
        if (queue) queue.push(resolve);
        else this.waiting.set(key, [resolve]);
        signalRequestsWaiting.inc();
      });
    } else {
      this.busy = true;
    }
    try {
      return await work();
    } finally {
      this.next();
    }
  }

  /** Hands the turn to the first token in order, which then goes to the back; or frees the queue. */
  private next(): void {
    const first = this.waiting.entries().next();
    if (first.done) {
      this.busy = false;
      return;
    }
    const [key, queue] = first.value;
    const resolve = queue.shift()!;
    this.waiting.delete(key);
    if (queue.length > 0) this.waiting.set(key, queue);
    signalRequestsWaiting.dec();
    resolve();
  }
}

/** Whose turn a request waits for: its API token (a `signals` principal always has one), as the rate limit counts. */
export function queueKeyOf(principal: UserPrincipal): string {
  return principal.apiTokenId ?? principal.sessionId ?? principal.userId;
}

function busy(maxWaiting: number): AppError {
  return new AppError(
    'unavailable',
    `this API instance already has ${maxWaiting} signal requests of this token waiting to be written (SIGNALS_QUEUE_MAX): nothing was written; try again shortly`,
    undefined,
    'signals_busy',
  );
}
