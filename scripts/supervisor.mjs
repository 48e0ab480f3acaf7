// Keeps the apps `npm start` runs (the API and the worker) running: a child
// that dies on its own is started again after a backoff, with one log line
// naming it, how it ended and the delay, so one crashed worker does not take
// the API (and the devices it serves) down with it. Only repeated crashes of
// one child in a short window (RESTART_POLICY: 5 within 60 s) give up, with
// one line, and then the caller stops everything. stop() is the clean stop
// (Ctrl+C / SIGTERM): no restarts from then on.

/** Restart delays double from initialDelayMs up to maxDelayMs; maxCrashes within windowMs give up. */
export const RESTART_POLICY = Object.freeze({ initialDelayMs: 500, maxDelayMs: 10_000, maxCrashes: 5, windowMs: 60_000 });

/**
 * What to do after a child's crash at `now`, given the times of its earlier
 * crashes: `{ giveUp, delayMs, crashes }`, where `crashes` are the crash times
 * still inside the window (this one included) to keep for the next decision.
 */
export function afterCrash(previousCrashes, now, policy = RESTART_POLICY) {
  const crashes = [...previousCrashes.filter((at) => now - at < policy.windowMs), now];
  const giveUp = crashes.length >= policy.maxCrashes;
  const delayMs = giveUp ? 0 : Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (crashes.length - 1));
  return { giveUp, delayMs, crashes };
}

/** How a child ended, for a log line. */
export function describeExit({ code, signal, error }) {
  if (error) return `failed to start: ${error.message}`;
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/**
 * Runs each app ({ name, start() → a ChildProcess with an `exited` promise
 * of { code, signal, error? } }) and restarts it when it dies on its own.
 * Returns { gaveUp, stop(signal, timeoutMs), signalAll(signal) }: `gaveUp`
 * resolves with the one line it logged when a child crashed too often (the
 * other children are left to the caller's stop()).
 */
export function supervise(apps, { log, policy = RESTART_POLICY, now = Date.now } = {}) {
  let stopping = false;
  let resolveGaveUp;
  const gaveUp = new Promise((resolve) => (resolveGaveUp = resolve));
  const states = apps.map((app) => ({ app, child: null, crashes: [], timer: null }));

  const launch = (state) => {
    const child = state.app.start();
    state.child = child;
    child.exited.then((how) => {
      if (stopping || state.child !== child) return;
      const decision = afterCrash(state.crashes, now(), policy);
      state.crashes = decision.crashes;
      if (decision.giveUp) {
        const line = `${state.app.name} crashed ${decision.crashes.length} times within ${policy.windowMs / 1000} s (last: ${describeExit(how)}): giving up, stopping everything`;
        log(line);
        stopping = true;
        resolveGaveUp(line);
        return;
      }
      log(`${state.app.name} exited unexpectedly (${describeExit(how)}): restarting it in ${decision.delayMs} ms`);
      state.timer = setTimeout(() => {
        state.timer = null;
        if (!stopping) launch(state);
      }, decision.delayMs);
    });
  };

  const running = () => states.map((s) => s.child).filter((c) => c && c.exitCode === null && c.signalCode === null);
  const signalAll = (signal) => {
    for (const child of running()) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  };

  /** No more restarts; `signal` to every running child; SIGKILL those still running after timeoutMs. */
  const stop = async (signal, timeoutMs) => {
    stopping = true;
    for (const state of states) clearTimeout(state.timer);
    const children = running();
    signalAll(signal);
    const all = Promise.all(children.map((c) => c.exited));
    let timer;
    const timedOut = await Promise.race([all.then(() => false), new Promise((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)))]);
    clearTimeout(timer);
    if (timedOut) {
      for (const child of running()) log(`${child.appName ?? 'a child'} did not exit within ${timeoutMs / 1000}s: killing it`);
      signalAll('SIGKILL');
      await all;
    }
  };

  states.forEach(launch);
  return { gaveUp, stop, signalAll };
}
