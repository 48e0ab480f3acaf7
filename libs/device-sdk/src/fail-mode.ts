/**
 * What a device does with its integrations. While its snapshot is fresh, what
 * the snapshot says. Past `exp` with no fresh answer, each integration's fail
 * mode (DESIGN.md, "Signed snapshots"): `closed` (the default, and what a
 * missing fail mode means) turns it off; `open` keeps it as last verified, so
 * an integration that was on stays on, and a kill already verified stays in
 * force (open trades a blocked network's freeze attack for availability, it
 * never re-enables what the device knows to be killed).
 */
import { SnapshotIntegration } from './types';

export interface HeldSnapshot {
  /** Seconds since the epoch. */
  exp: number;
  integrations: Record<string, SnapshotIntegration>;
}

/** True once `now` (ms) is at or past `exp` plus the tolerance. */
export function isExpired(held: HeldSnapshot, now: number, clockToleranceSec = 0): boolean {
  return now >= (held.exp + clockToleranceSec) * 1000;
}

/** Each integration's effective on/off; an empty map when nothing was ever verified. */
export function effectiveFlags(held: HeldSnapshot | undefined, now: number, clockToleranceSec = 0): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  if (!held) return flags;
  const expired = isExpired(held, now, clockToleranceSec);
  for (const [key, integration] of Object.entries(held.integrations)) {
    flags[key] = expired ? integration.failMode === 'open' && integration.enabled : integration.enabled;
  }
  return flags;
}
