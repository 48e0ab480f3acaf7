/** Staged lifts: which devices a kill switch has already been lifted for. */
import { hash } from 'node:crypto';

/** Buckets per kill switch; a stage of p % releases the devices whose bucket is below p × 100. */
export const RELEASE_BUCKETS = 10000;

/**
 * The device's bucket for this kill: BigInt('0x' + sha256(killId + ':' + deviceId)) mod 10000,
 * computed word by word (Horner's rule) to avoid BigInt on the poll path. Each kill hashes its
 * own id in, so the first 1 % of one lift is not always the same devices.
 */
export function releaseBucket(killId: string, deviceId: string): number {
  // One-shot hash(): about twice as fast as createHash() for one short input.
  const digest = hash('sha256', `${killId}:${deviceId}`, 'buffer');
  // 32 bits at a time: bucket × 2^32 + word stays below 2^53, so the arithmetic is exact.
  let bucket = 0;
  for (let i = 0; i < digest.length; i += 4) bucket = (bucket * 0x1_0000_0000 + digest.readUInt32BE(i)) % RELEASE_BUCKETS;
  return bucket;
}

/**
 * Whether a kill with `releasedBelow` (0 = fully enforced, 10000 = fully lifted) no longer
 * applies to this device. Raising releasedBelow only adds devices, so a released device stays
 * released as the stages advance. Anything not a positive number (NaN included) releases no one:
 * when in doubt, the kill stays enforced.
 */
export function isReleased(killId: string, deviceId: string, releasedBelow: number): boolean {
  if (!(releasedBelow > 0)) return false;
  if (releasedBelow >= RELEASE_BUCKETS) return true;
  return releaseBucket(killId, deviceId) < releasedBelow;
}
