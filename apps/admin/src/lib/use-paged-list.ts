/** A list the API gives a page at a time: the first page whenever what it depends on changes, the next on demand. */
import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from './types';

export interface PagedList<T> {
  items: T[];
  /** The next page's cursor; null once the last page is shown. */
  cursor: string | null;
  error: unknown;
  loading: boolean;
  /** Appends the next page. */
  more(): void;
  /** Starts again from the first page. */
  reload(): void;
}

export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, deps: DependencyList): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  // Bumped by every load and every unmount: a page that arrives after a newer load started (the filter changed
  // meanwhile), or after unmount, is dropped instead of mixed into the list.
  const generation = useRef({ value: 0 });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what `fetchPage` depends on
  const stableFetch = useCallback(fetchPage, deps);

  const load = useCallback(
    async (after: string | null) => {
      const counter = generation.current;
      const mine = ++counter.value;
      setLoading(true);
      setError(undefined);
      try {
        const page = await stableFetch(after);
        if (mine !== counter.value) return;
        setItems((current) => (after ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (caught) {
        if (mine === counter.value) setError(caught);
      } finally {
        if (mine === counter.value) setLoading(false);
      }
    },
    [stableFetch],
  );

  useEffect(() => {
    const counter = generation.current;
    void load(null);
    return () => {
      counter.value++;
    };
  }, [load]);

  return { items, cursor, error, loading, more: () => void load(cursor), reload: () => void load(null) };
}
