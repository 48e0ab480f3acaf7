/**
 * A revocation's progress, live: the API's server-sent events
 * (GET /v1/revocations/:id/events, authenticated by the session cookie),
 * falling back to polling if the stream cannot be held open.
 */
import { useEffect, useState } from 'react';
import { api } from './api';
import type { Revocation } from './types';

const POLL_MS = 2000;

export const isComplete = (r: Revocation) => r.progress >= 1 && r.fannedOutAt !== null;

export function useRevocation(id: string | null | undefined): { revocation?: Revocation; live: boolean; error?: unknown } {
  const [state, setState] = useState<{ revocation?: Revocation; live: boolean; error?: unknown }>({ live: false });

  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: number | undefined;
    const source = new EventSource(`/v1/revocations/${encodeURIComponent(id)}/events`);

    const poll = async () => {
      try {
        const revocation = await api.get<Revocation>(`/v1/revocations/${encodeURIComponent(id)}`);
        if (stopped) return;
        setState({ revocation, live: false });
        if (!isComplete(revocation)) timer = window.setTimeout(() => void poll(), POLL_MS);
      } catch (error) {
        if (!stopped) setState((s) => ({ ...s, error }));
        if (!stopped) timer = window.setTimeout(() => void poll(), POLL_MS * 2);
      }
    };

    source.addEventListener('progress', (event) => {
      const revocation = JSON.parse((event as MessageEvent<string>).data) as Revocation;
      setState({ revocation, live: true });
      // The server ends the stream at 100 %: close it before EventSource reconnects.
      if (isComplete(revocation)) source.close();
    });
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED || stopped) return;
      void poll();
    });

    return () => {
      stopped = true;
      source.close();
      window.clearTimeout(timer);
    };
  }, [id]);

  return state;
}
