/**
 * Follows a revocation until every device it targets has acknowledged: server-sent
 * events from GET /v1/revocations/:id/events, falling back to polling GET
 * /v1/revocations/:id when the stream cannot be opened, breaks or ends early. While
 * the stream is open an occasional poll catches a stream that silently stalls.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { readSse } from '@killswitch/device-sdk';
import type { ApiClient } from './api-client';
import { ApiError } from './cli-error';
import type { RevocationView } from './views';

export interface WatchOptions {
  /** Ctrl-C or a timeout: stop watching and return the last view seen. */
  signal: AbortSignal;
  onUpdate(view: RevocationView): void;
  /** Something worth telling the person watching: the stream was given up for polling, a poll failed. */
  onNotice?(message: string): void;
  pollIntervalMs?: number;
  /** How often to poll while the stream is open, in case it stalls. */
  stallCheckMs?: number;
}

export interface WatchResult {
  view: RevocationView;
  complete: boolean;
}

/** acknowledged ÷ (target − canceled), as the API computes it. */
export function progressOf(view: RevocationView): number {
  if (typeof view.progress === 'number') return view.progress;
  const denominator = view.target - view.counts.canceled;
  return denominator <= 0 ? 1 : Math.min(1, view.counts.acknowledged / denominator);
}

/** 100 % acknowledged; for a revocation with devices to reach, also fanned out (every delivery written). */
export function isComplete(view: RevocationView): boolean {
  if (progressOf(view) < 1) return false;
  return view.target - view.counts.canceled <= 0 || view.fannedOutAt !== null;
}

/** Errors that polling would only repeat: the revocation is unknown or we may not read it. */
function isFatal(error: unknown): boolean {
  return error instanceof ApiError && [401, 403, 404].includes(error.status);
}

export async function watchRevocation(client: ApiClient, revocationId: string, options: WatchOptions): Promise<WatchResult> {
  const path = `/v1/revocations/${encodeURIComponent(revocationId)}`;
  const { signal, pollIntervalMs = 1000, stallCheckMs = 5000 } = options;
  let last = await client.get<RevocationView>(path);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort);
  if (signal.aborted) stop.abort();
  let complete = false;
  const update = (view: RevocationView) => {
    if (complete) return;
    last = view;
    options.onUpdate(view);
    if (isComplete(view)) {
      complete = true;
      stop.abort();
    }
  };
  update(last);

  const stallCheck = setInterval(() => {
    client.get<RevocationView>(path).then(update, () => undefined);
  }, stallCheckMs);
  try {
    if (!stop.signal.aborted) {
      try {
        await followStream(client, `${path}/events`, update, stop.signal);
        if (!stop.signal.aborted) options.onNotice?.('the event stream ended before 100 %: polling instead');
      } catch (error) {
        if (!stop.signal.aborted) {
          if (isFatal(error)) throw error;
          options.onNotice?.(`the event stream failed (${(error as Error).message}): polling instead`);
        }
      }
    }
    while (!stop.signal.aborted) {
      try {
        await sleep(pollIntervalMs, undefined, { signal: stop.signal });
      } catch {
        break; // aborted
      }
      try {
        update(await client.get<RevocationView>(path));
      } catch (error) {
        // A blip of the API or the network must not end the watch; an unknown revocation must.
        if (isFatal(error)) throw error;
        options.onNotice?.(`polling failed (${(error as Error).message}): retrying`);
      }
    }
  } finally {
    clearInterval(stallCheck);
    signal.removeEventListener('abort', onAbort);
    stop.abort();
  }
  return { view: last, complete };
}

async function followStream(client: ApiClient, path: string, update: (view: RevocationView) => void, signal: AbortSignal): Promise<void> {
  try {
    const response = await client.stream(path, signal);
    if (!response.body) throw new Error('the event stream has no body');
    for await (const event of readSse(response.body)) {
      if (event.event === 'progress') update(JSON.parse(event.data) as RevocationView);
      if (signal.aborted) return;
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}
