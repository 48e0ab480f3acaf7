import { useEffect } from 'react';

/** The document title names the screen (what a screen reader announces first, what a tab shows). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Killswitch`;
  }, [title]);
}
