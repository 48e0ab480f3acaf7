import type { FleetMode } from './fleet-sim';

/** Above this many streams against a loopback API, connections are spread over 127.0.0.2–127.0.0.9. */
export const SPREAD_ABOVE = 20_000;
export const SPREAD_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

/** Loopback target with many streams: spread over 127.0.0.2–9 (one source address gives about 28,000 ports). */
export function defaultLocalAddresses(url: string, mode: FleetMode, devices: number): string[] | undefined {
  const host = new URL(url).hostname;
  const loopback = host === 'localhost' || /^127\./.test(host);
  return loopback && mode !== 'poll' && devices > SPREAD_ABOVE ? SPREAD_ADDRESSES : undefined;
}
