/** How dates, durations and scopes read on screen. */

// A scope reads the same on screen as in the timeline and the postmortem: the domain's own wording (a pure module, no Node imports).
export { describeScope } from '../../../../libs/evaluation/src/browser';

import { TimeZoneChoice, timeZoneChoice } from './time-zone';

// dateStyle cannot be combined with timeZoneName, so the parts are named one by one.
const PARTS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
};
const formats: Record<TimeZoneChoice, Intl.DateTimeFormat> = {
  local: new Intl.DateTimeFormat(undefined, PARTS),
  UTC: new Intl.DateTimeFormat(undefined, { ...PARTS, timeZone: 'UTC' }),
};

/** A date and time with its zone (the browser's, or UTC when chosen in the top bar). */
export function formatDate(iso: string | null | undefined): string {
  return iso ? formats[timeZoneChoice()].format(new Date(iso)) : '—';
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${percent >= 99.95 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

export function shortId(id: string): string {
  return id.slice(-8);
}
