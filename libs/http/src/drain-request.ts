import type { IncomingMessage } from 'node:http';

/** Read at most this much of a refused body; past it the client gets the connection closed on it. */
const DRAIN_CAP_BYTES = 16 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Calls `then` once the rest of a request body has been read and discarded
 * (or the cap or the timeout is hit). A 413 is decided while the client is
 * still sending; closing the socket with its data unread makes the kernel
 * answer with a reset, and the client (Node's fetch among them) sees
 * ECONNRESET instead of the 413. Draining first makes the 413 readable.
 */
export function afterRequestDrained(raw: IncomingMessage, then: () => void): void {
  if (raw.complete || raw.destroyed) return then();
  let received = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    raw.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
    then();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > DRAIN_CAP_BYTES) finish();
  };
  const timer = setTimeout(finish, DRAIN_TIMEOUT_MS);
  raw.on('data', onData).once('end', finish).once('error', finish).once('close', finish);
  raw.resume();
}
