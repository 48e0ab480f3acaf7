/**
 * Which zone times are shown in: the browser's own (the default) or UTC, as the
 * CLI prints them. Kept in localStorage; screens re-render when it changes.
 */
import { useSyncExternalStore } from 'react';

export type TimeZoneChoice = 'local' | 'UTC';

const KEY = 'killswitch.timeZone';
const listeners = new Set<() => void>();

function stored(): TimeZoneChoice {
  try {
    return window.localStorage.getItem(KEY) === 'UTC' ? 'UTC' : 'local';
  } catch {
    return 'local'; // storage refused (a private window's settings): the default
  }
}

let current: TimeZoneChoice = typeof window === 'undefined' ? 'local' : stored();

export function timeZoneChoice(): TimeZoneChoice {
  return current;
}

export function setTimeZoneChoice(choice: TimeZoneChoice): void {
  current = choice;
  try {
    window.localStorage.setItem(KEY, choice);
  } catch {
    // kept for this page only
  }
  for (const listener of listeners) listener();
}

export function useTimeZoneChoice(): TimeZoneChoice {
  return useSyncExternalStore((onChange) => {
    listeners.add(onChange);
    return () => listeners.delete(onChange);
  }, timeZoneChoice);
}
