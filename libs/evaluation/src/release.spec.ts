import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { isReleased, releaseBucket } from './release';

/** The formula exactly as DESIGN.md writes it. */
function referenceBucket(killId: string, deviceId: string): number {
  const hex = createHash('sha256').update(`${killId}:${deviceId}`).digest('hex');
  return Number(BigInt(`0x${hex}`) % 10000n);
}

describe(releaseBucket.name, () => {
  it('is sha256(killId:deviceId) mod 10000', () => {
    fc.assert(fc.property(fc.string(), fc.uuid(), (killId, deviceId) => releaseBucket(killId, deviceId) === referenceBucket(killId, deviceId)));
  });

  it('puts the same device in different buckets for different kills', () => {
    const deviceId = '0190f3a2-0000-7000-8000-000000000001';
    const buckets = new Set(Array.from({ length: 20 }, (_, i) => releaseBucket(`kill-${i}`, deviceId)));
    expect(buckets.size).toBeGreaterThan(15);
  });
});

describe(isReleased.name, () => {
  const devices = Array.from({ length: 5000 }, (_, i) => `device-${i}`);

  it('releases no device at 0 and every device at 10000', () => {
    expect(devices.some((d) => isReleased('kill-1', d, 0))).toBe(false);
    expect(devices.every((d) => isReleased('kill-1', d, 10000))).toBe(true);
  });

  it('keeps the kill enforced when releasedBelow is not a positive number', () => {
    expect(devices.some((d) => isReleased('kill-1', d, Number.NaN) || isReleased('kill-1', d, -5))).toBe(false);
  });

  it('releases about the stage percentage of devices', () => {
    const share = devices.filter((d) => isReleased('kill-1', d, 1000)).length / devices.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });

  it('keeps a released device released as the stage rises', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 }), (killId, deviceId, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        return !isReleased(killId, deviceId, low) || isReleased(killId, deviceId, high);
      }),
    );
  });
});
