/**
 * Loads something from the API, reloads on demand or every `pollMs`, and keeps the last good value while reloading.
 * `paused`: the polls skip their turn (reload() still loads), e.g. while the thing is being deleted or once it is.
 */
import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): Promise<void>;
}

export function useResource<T>(load: () => Promise<T>, deps: DependencyList, options: { pollMs?: number; paused?: boolean } = {}): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  // Bumped by every load and every unmount: an answer that arrives after a newer load started, or after unmount, is dropped.
  const generation = useRef({ value: 0 });
  // Read by the poll timer at each turn: pausing does not restart the effect (which would load at once).
  const paused = useRef(false);
  paused.current = options.paused === true;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what `load` depends on
  const stableLoad = useCallback(load, deps);

  const reload = useCallback(async () => {
    const counter = generation.current;
    const mine = ++counter.value;
    try {
      const value = await stableLoad();
      if (mine !== counter.value) return;
      setData(value);
      setError(undefined);
    } catch (caught) {
      if (mine === counter.value) setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      if (mine === counter.value) setLoading(false);
    }
  }, [stableLoad]);

  useEffect(() => {
    const counter = generation.current;
    setLoading(true);
    void reload();
    const timer = options.pollMs ? window.setInterval(() => void (paused.current || reload()), options.pollMs) : undefined;
    return () => {
      window.clearInterval(timer);
      counter.value++;
    };
  }, [reload, options.pollMs]);

  return { data, error, loading, reload };
}
