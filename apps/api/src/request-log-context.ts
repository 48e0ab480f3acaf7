import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { STREAM_OPENED } from '@killswitch/http';

/** How long the context stays on after the last request through Fastify ended: work a request left running still logs with its id. */
export const REQUEST_LOG_CONTEXT_GRACE_MS = 1000;

/**
 * nestjs-pino runs each request that passes its middleware inside `storage.run(new Store(req.log), next)`, so that a
 * service's log line carries its request's id. Once an AsyncLocalStorage is enabled, Node 20 runs async hooks (an init
 * hook for every resource, promise hooks for every promise) for the whole process, for good: the device polls answered
 * on the request event, which never reach that middleware, paid for them on every poll.
 *
 * Every request that reaches Fastify is counted from its onRequest hook (which runs before Nest's middleware) until its
 * response closes, or, for a stream of server-sent events, until the stream is open (streamOpened: a fleet's open
 * streams would otherwise keep the hooks on for good). Once none has been in flight for REQUEST_LOG_CONTEXT_GRACE_MS
 * the storage is disabled, which takes the hooks off. The next request's `storage.run()` enables it again, before any
 * of that request's own resources and promises are made, so they carry its store as before. A request's continuations
 * can only lose their store when they run more than the grace after its response (or its stream's opening), with no
 * other request in flight: they then log without a request id, never with another request's.
 */
export function installRequestLogContextSwitch(fastify: FastifyInstance, graceMs = REQUEST_LOG_CONTEXT_GRACE_MS): void {
  const storage = nestjsPinoStorage();
  let inFlight = 0;
  // One timer, re-armed with refresh() whenever the count falls to zero; unref'd, so it never holds the process open.
  const idle = setTimeout(() => {
    if (inFlight === 0) storage.disable();
  }, graceMs).unref();
  const ended = (): void => {
    if (--inFlight === 0) idle.refresh();
  };
  fastify.addHook('onRequest', (_request, reply, done) => {
    inFlight++;
    let counted = true;
    const answered = (): void => {
      if (!counted) return;
      counted = false;
      ended();
    };
    reply.raw.once('close', answered);
    // A stream (server-sent events) counts until it is open, not for as long as its client listens.
    reply.raw.once(STREAM_OPENED, answered);
    done();
  });
}

/**
 * The AsyncLocalStorage nestjs-pino's middleware and PinoLogger share. The package does not export it (its `exports` map
 * names only the entry point), so it is loaded from beside the entry point, which is the very module instance the entry
 * point requires; the check below makes a change of layout fail at start-up rather than silently leave the hooks on.
 */
function nestjsPinoStorage(): AsyncLocalStorage<unknown> {
  const file = path.join(path.dirname(require.resolve('nestjs-pino')), 'storage.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file the package's exports map does not name
  const { storage } = require(file) as { storage?: unknown };
  if (!(storage instanceof AsyncLocalStorage)) throw new Error(`nestjs-pino's request context is no longer at ${file}`);
  return storage;
}
