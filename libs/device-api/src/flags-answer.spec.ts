import { randomBytes } from 'node:crypto';
import { AnswerGroup, DeviceAnswer, SignatureSlab, signatures } from './flags-answer';

class Answer extends DeviceAnswer {
  constructor(
    readonly id: string,
    previous?: Answer,
  ) {
    super();
    if (previous) this.takeAnswer(previous);
  }
}

const group = { bucket: 1, kid: 'k1', lifetimeSec: 3600, rev: 1n } as unknown as AnswerGroup;
const signature = () => randomBytes(64).toString('base64url');
/** A base64url signature's bytes, as the signer hands them over. */
const bytes = (text: string) => Buffer.from(text, 'base64url');

describe(SignatureSlab.name, () => {
  it('keeps each slot’s 64 bytes apart, across chunks', () => {
    const slab = new SignatureSlab();
    const written = Array.from({ length: 2050 }, () => {
      const slot = slab.allocate();
      const text = signature();
      slab.write(slot, bytes(text));
      return [slot, text] as const;
    });
    for (const [slot, text] of written) {
      expect(slab.read(slot)).toBe(text);
      expect(Buffer.from(slab.readBytes(slot), 'latin1').toString('base64url')).toBe(text);
    }
    expect(slab.size).toBe(2050);
  });

  it('reuses a released slot', () => {
    const slab = new SignatureSlab();
    const first = slab.allocate();
    slab.allocate();
    slab.release(first);
    expect(slab.size).toBe(1);
    expect(slab.allocate()).toBe(first);
  });

  it('refuses a signature that is not 64 bytes', () => {
    const slab = new SignatureSlab();
    const slot = slab.allocate();
    expect(() => slab.write(slot, randomBytes(63))).toThrow('64 bytes');
    expect(() => slab.write(slot, randomBytes(65))).toThrow('64 bytes');
  });
});

describe(DeviceAnswer.name, () => {
  it('keeps its signature in a slot of the shared slab, not in a string of its own', () => {
    const before = signatures.size;
    const device = new Answer('d1');
    expect(device.signature).toBe('');
    const text = signature();
    device.signed(group, 1, 1_780_000_000, bytes(text), 1_780_000_000);
    expect(signatures.size).toBe(before + 1);
    expect(device.signature).toBe(text);
    const again = signature();
    device.signed(group, 2, 1_780_000_001, bytes(again), 1_780_000_001);
    expect(signatures.size).toBe(before + 1); // re-signed in the same slot
    expect(device.signature).toBe(again);
    device.release();
  });

  it('once released, frees its slot and still answers with its own signature when the slot goes to another device', () => {
    const before = signatures.size;
    const device = new Answer('d1');
    const text = signature();
    device.signed(group, 1, 1_780_000_000, bytes(text), 1_780_000_000);
    device.release();
    device.release(); // idempotent: the slot is freed once
    expect(signatures.size).toBe(before);
    const next = new Answer('d2');
    next.signed(group, 1, 1_780_000_000, bytes(signature()), 1_780_000_000);
    expect(device.signature).toBe(text);
    // Signed again after leaving the cache (a request still holding it): its own string, no slot taken.
    const again = signature();
    device.signed(group, 2, 1_780_000_001, bytes(again), 1_780_000_001);
    expect(device.signature).toBe(again);
    expect(signatures.size).toBe(before + 1);
    next.release();
  });

  it('hands its slot to the entry that replaces it, keeping a copy of what it signed', () => {
    const before = signatures.size;
    const previous = new Answer('d1');
    const text = signature();
    previous.signed(group, 1, 1_780_000_000, bytes(text), 1_780_000_005);
    const current = new Answer('d1', previous);
    expect(current.signature).toBe(text);
    expect([current.iat, current.changedAt, current.rulesGeneration]).toEqual([1_780_000_000, 1_780_000_005, -1]);
    expect(signatures.size).toBe(before + 1);
    current.signed(group, 2, 1_780_000_001, bytes(signature()), 1_780_000_001);
    expect(previous.signature).toBe(text);
    previous.release();
    current.release();
    expect(signatures.size).toBe(before);
  });

  it('keeps a copy of the signature it is handed: the signer reuses its buffer for the next one', () => {
    const device = new Answer('d1');
    const released = new Answer('d2');
    released.release();
    const reused = Buffer.alloc(64);
    const text = signature();
    bytes(text).copy(reused);
    device.signed(group, 1, 1_780_000_000, reused, 1_780_000_000);
    released.signed(group, 1, 1_780_000_000, reused, 1_780_000_000);
    randomBytes(64).copy(reused);
    expect(device.signature).toBe(text);
    expect(released.signature).toBe(text);
    expect(() => device.signed(group, 2, 1_780_000_001, randomBytes(63), 1_780_000_001)).toThrow('64 bytes');
    expect(device.signature).toBe(text);
    // Refused before anything changed: the answer is the one it had.
    expect([device.group, device.rulesGeneration, device.iat, device.changedAt]).toEqual([group, 1, 1_780_000_000, 1_780_000_000]);
    device.release();
  });

  it('released before its first answer, signs into a string of its own', () => {
    const before = signatures.size;
    const device = new Answer('d1');
    device.release();
    expect(device.signature).toBe('');
    const text = signature();
    device.signed(group, 1, 1_780_000_000, bytes(text), 1_780_000_000);
    expect(device.signature).toBe(text);
    expect(signatures.size).toBe(before);
  });
});
