/**
 * When the first simulated device held a new revision, measured on the
 * devices themselves: FleetSim's live counts are checked every couple of
 * milliseconds from just before the kill until one device holds a revision
 * newer than any the fleet held before.
 */
import type { FleetSim } from '@killswitch/fleet-sim';

const CHECK_EVERY_MS = 2;

/** The highest revision any device holds now (-1: none holds a snapshot). */
export function highestRevisionHeld(sim: FleetSim): number {
  const snapshot = sim.snapshot();
  if (snapshot.reached(0) === 0) return -1;
  let low = 0; // reached(low) > 0
  let high = 1;
  while (snapshot.reached(high) > 0) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (snapshot.reached(mid) > 0) low = mid;
    else high = mid;
  }
  return low;
}

export interface FirstTold {
  /** Epoch ms when the first device was seen holding a revision above the one given; undefined if stopped first. */
  at: Promise<number | undefined>;
  stop(): void;
}

/** Starts watching for the first device to hold a revision above `above`. */
export function watchFirstTold(sim: FleetSim, above: number, timeoutMs: number): FirstTold {
  let timer: NodeJS.Timeout | undefined;
  let finish: (at: number | undefined) => void = () => undefined;
  const deadline = Date.now() + timeoutMs;
  const at = new Promise<number | undefined>((resolve) => {
    finish = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    const check = () => {
      if (sim.snapshot().reached(above + 1) > 0) return finish(Date.now());
      if (Date.now() > deadline) return finish(undefined);
      timer = setTimeout(check, CHECK_EVERY_MS);
    };
    check();
  });
  return { at, stop: () => finish(undefined) };
}
