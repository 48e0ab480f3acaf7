/** A device's lastSeenAt moves at most this often: it says "seen within the last few minutes", not every poll. */
export const SIGHTING_GRANULARITY_MS = 5 * 60_000;

/** The window of SIGHTING_GRANULARITY_MS a time (ms since the epoch) falls in: a device's lastSeenAt is written once a window. */
export function sightingWindowOf(ms: number): number {
  return Math.floor(ms / SIGHTING_GRANULARITY_MS);
}
