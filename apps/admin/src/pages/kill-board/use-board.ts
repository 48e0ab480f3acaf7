/**
 * The kill board's data at a real catalogue's size: the kill switches in force
 * and the vendors they touch (few, all loaded, refreshed every 5 s), then the
 * other vendors a page at a time, filtered on the server by the search text.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, getAll } from '../../lib/api';
import type { KillSwitch, Page, Vendor } from '../../lib/types';

const IN_FORCE = ['active', 'lift-requested', 'lifting'] as const;
export const BOARD_PAGE_SIZE = 20;
const REFRESH_MS = 5000;

export interface Board {
  kills: KillSwitch[];
  /** Vendors with a kill in force, first on the board. */
  killed: Vendor[];
  /** The other vendors loaded so far (none when "killed only"). */
  others: Vendor[];
  more: boolean;
  loading: boolean;
  error: unknown;
  loadMore(): void;
}

export function useBoard(q: string, killedOnly: boolean): Board {
  const [kills, setKills] = useState<KillSwitch[]>([]);
  const [killed, setKilled] = useState<Vendor[]>([]);
  const [others, setOthers] = useState<Vendor[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const text = q || undefined;

  const refreshKilled = useCallback(async () => {
    const [vendors, ...inForce] = await Promise.all([
      getAll<Vendor>('/v1/vendors', { killed: 'true', q: text }),
      ...IN_FORCE.map((state) => getAll<KillSwitch>('/v1/kill-switches', { state })),
    ]);
    return { vendors, kills: inForce.flat() };
  }, [text]);

  const othersPage = useCallback(
    (after: string | null) => api.get<Page<Vendor>>('/v1/vendors', { killed: 'false', q: text, limit: BOARD_PAGE_SIZE, cursor: after }),
    [text],
  );

  // A new search (or filter) starts over: the vendors in force, then the first page of the others.
  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    void (async () => {
      try {
        const [head, page] = await Promise.all([refreshKilled(), killedOnly ? Promise.resolve(undefined) : othersPage(null)]);
        if (mine !== generation.current) return;
        setKilled(head.vendors);
        setKills(head.kills);
        setOthers(page?.items ?? []);
        setCursor(page?.nextCursor ?? null);
      } catch (caught) {
        if (mine === generation.current) setError(caught);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    })();
  }, [refreshKilled, othersPage, killedOnly]);

  // The kills in force change under the board: refresh them (and the vendors they touch) every few seconds.
  useEffect(() => {
    const timer = window.setInterval(() => {
      const mine = generation.current;
      refreshKilled().then(
        (head) => {
          if (mine !== generation.current) return;
          setKilled(head.vendors);
          setKills(head.kills);
          setError(undefined);
        },
        (caught: unknown) => mine === generation.current && setError(caught),
      );
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refreshKilled]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    const mine = generation.current;
    setLoading(true);
    othersPage(cursor).then(
      (page) => {
        if (mine !== generation.current) return;
        setOthers((current) => [...current, ...page.items]);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (caught: unknown) => {
        if (mine !== generation.current) return;
        setError(caught);
        setLoading(false);
      },
    );
  }, [cursor, othersPage]);

  // A vendor killed since its page loaded shows once, among the killed.
  const killedSlugs = new Set(killed.map((v) => v.slug));
  return { kills, killed, others: others.filter((v) => !killedSlugs.has(v.slug)), more: cursor !== null, loading, error, loadMore };
}
