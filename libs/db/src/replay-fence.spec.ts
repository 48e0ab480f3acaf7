import { ReplayFence } from './replay-fence';
import { parseLsn } from './wal-position';

/** Starts a fence whose floor (taken after listening began) is at `floor`. */
function fenceAt(floor: bigint): ReplayFence {
  const fence = new ReplayFence();
  fence.covered(fence.begin(), floor);
  return fence;
}

describe(ReplayFence.name, () => {
  it('trusts no replica read before it has a primary position taken after listening began', () => {
    const fence = new ReplayFence();
    expect(fence.waiting).toBe(true);
    expect(fence.accepts('d1', 10n ** 12n)).toBe(false);
    fence.covered(fence.begin(), 100n);
    expect(fence.waiting).toBe(false);
    expect(fence.accepts('d1', 99n)).toBe(false);
    expect(fence.accepts('d1', 100n)).toBe(true);
  });

  it("turns down a device's replica reads from its change notice until the replica has replayed the primary's position taken after it", () => {
    const fence = fenceAt(100n);
    fence.noticed('d1');
    expect(fence.accepts('d1', 10n ** 12n)).toBe(false); // no primary position yet: any replica read may predate the change
    expect(fence.accepts('d2', 100n)).toBe(true); // other devices are not held up
    fence.covered(fence.begin(), 250n);
    expect(fence.accepts('d1', 249n)).toBe(false);
    expect(fence.accepts('d1', 250n)).toBe(true);
    expect(fence.accepts('d2', 100n)).toBe(true);
  });

  it('does not let a primary position taken before a notice came cover it', () => {
    const fence = fenceAt(100n);
    const epoch = fence.begin(); // the primary is asked for its position…
    fence.noticed('d1'); // …and the notice arrives before the answer
    fence.covered(epoch, 200n);
    expect(fence.waiting).toBe(true);
    expect(fence.accepts('d1', 200n)).toBe(false);
    fence.covered(fence.begin(), 300n);
    expect(fence.accepts('d1', 300n)).toBe(true);
  });

  it('after a resync trusts nothing until a new primary position, then holds every read to it', () => {
    const fence = fenceAt(100n);
    fence.resync();
    expect(fence.accepts('d1', 10n ** 12n)).toBe(false);
    fence.covered(fence.begin(), 500n);
    expect(fence.accepts('d1', 499n)).toBe(false);
    expect(fence.accepts('d1', 500n)).toBe(true);
  });

  it('stays bounded: past its limit the devices it forgets share a floor at least as high as theirs', () => {
    const fence = fenceAt(1n);
    for (let i = 0; i <= 100_000; i++) {
      fence.noticed(`d${i}`);
      fence.covered(fence.begin(), BigInt(1000 + i));
    }
    // d0 needed 1000; after the overflow every device needs the highest position dropped, 101000.
    expect(fence.accepts('d0', 100_999n)).toBe(false);
    expect(fence.accepts('d0', 101_000n)).toBe(true);
    expect(fence.accepts('other', 100_999n)).toBe(false);
  });
});

describe(parseLsn.name, () => {
  it('orders WAL positions as PostgreSQL does', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBeGreaterThan(parseLsn('0/FFFFFFFF'));
    expect(() => parseLsn('nonsense')).toThrow('not a WAL position');
  });
});
