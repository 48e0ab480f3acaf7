import { BATCH_OVERLAP } from '@killswitch/db';
import { AckBatcher, MAX_BATCH, MAX_WRITES_IN_FLIGHT } from './ack-batcher';

/** A write that records each batch and holds it until released. */
function heldWrites() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const write = (items: number[]) =>
    new Promise<(number | Error)[]>((resolve) => {
      batches.push(items);
      releases.push(() => resolve(items.map((n) => (n < 0 ? new Error(`negative ${n}`) : n * 10))));
    });
  return { batches, releases, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe(AckBatcher.name, () => {
  it('writes a lone item at once, and gathers the items that arrive meanwhile into the next write', async () => {
    const { batches, releases, write } = heldWrites();
    const batcher = new AckBatcher(write);
    const first = batcher.submit(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await tick();
    expect(batches).toHaveLength(1);
    releases[0]();
    expect(await first).toBe(10);
    await tick();
    expect(batches[1]).toEqual([2, 3, 4]);
    releases[1]();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('rejects only the items whose result is an Error, and the whole batch when the write throws', async () => {
    const { releases, write } = heldWrites();
    const batcher = new AckBatcher(write);
    const ok = batcher.submit(5);
    const bad = batcher.submit(-1);
    releases[0]();
    await expect(ok).resolves.toBe(50);
    await tick();
    releases[1]();
    await expect(bad).rejects.toThrow('negative -1');

    const failing = new AckBatcher<number, number>(() => Promise.reject(new Error('database down')));
    await expect(Promise.all([failing.submit(1), failing.submit(2)])).rejects.toThrow('database down');
    // The batcher keeps working after a failed write.
    const again = new AckBatcher<number, number>((items) => Promise.resolve(items));
    await expect(again.submit(7)).resolves.toBe(7);
  });

  it('caps a write at MAX_BATCH items and writes the rest next', async () => {
    const { batches, releases, write } = heldWrites();
    const batcher = new AckBatcher(write, 1); // one write at a time: every item waits for the first
    void batcher.submit(0);
    const many = Array.from({ length: MAX_BATCH + 5 }, (_, i) => batcher.submit(i + 1));
    releases[0]();
    await tick();
    expect(batches[1]).toHaveLength(MAX_BATCH);
    releases[1]();
    await tick();
    expect(batches[2]).toHaveLength(5);
    releases[2]();
    expect(await Promise.all(many)).toHaveLength(MAX_BATCH + 5);
  });

  it('tells each callback its outcome once, and one that throws does not keep the others from theirs', async () => {
    const { releases, write } = heldWrites();
    const batcher = new AckBatcher(write);
    const told: [unknown, number | undefined][] = [];
    // What a callback throws is rethrown on its own, as an uncaught exception: caught here rather than by the test runner.
    const rethrown: (() => void)[] = [];
    const microtasks = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => void rethrown.push(task));
    try {
      batcher.submitWith(1, (error, result) => told.push([error, result]));
      await tick();
      batcher.submitWith(2, () => {
        throw new Error('a broken callback');
      });
      batcher.submitWith(-3, (error, result) => told.push([error, result]));
      batcher.submitWith(4, (error, result) => told.push([error, result]));
      releases[0]();
      await tick();
      releases[1]();
      await tick();
      await tick();
    } finally {
      microtasks.mockRestore();
    }
    expect(told).toEqual([
      [null, 10],
      [new Error('negative -3'), undefined],
      [null, 40],
    ]);
    expect(rethrown).toHaveLength(1);
    expect(rethrown[0]).toThrow('a broken callback');
  });

  it(`starts another write while one runs once ${BATCH_OVERLAP} items wait, up to ${MAX_WRITES_IN_FLIGHT} at once`, async () => {
    const { batches, releases, write } = heldWrites();
    const batcher = new AckBatcher(write);
    // The first item's callback notes how many writes had started when it was told.
    let writesWhenTold = 0;
    batcher.submitWith(1, () => (writesWhenTold = batches.length));
    const submitted: Promise<number>[] = [];
    const submit = (count: number) => {
      for (let i = 0; i < count; i++) submitted.push(batcher.submit(submitted.length + 2));
    };
    expect(batches.map((b) => b.length)).toEqual([1]);
    // Fewer than BATCH_OVERLAP wait for the write under way.
    submit(BATCH_OVERLAP - 1);
    expect(batches).toHaveLength(1);
    // The BATCH_OVERLAP-th starts a write beside it, and so on up to MAX_WRITES_IN_FLIGHT.
    submit(1);
    expect(batches.map((b) => b.length)).toEqual([1, BATCH_OVERLAP]);
    submit(BATCH_OVERLAP * MAX_WRITES_IN_FLIGHT);
    const overlapping = [1, ...Array<number>(MAX_WRITES_IN_FLIGHT - 1).fill(BATCH_OVERLAP)];
    expect(batches.map((b) => b.length)).toEqual(overlapping);
    // A write's end starts the next, with every item waiting, before its own callers are told.
    const waiting = BATCH_OVERLAP * MAX_WRITES_IN_FLIGHT - BATCH_OVERLAP * (MAX_WRITES_IN_FLIGHT - 2);
    releases[0]();
    await tick();
    expect(batches.map((b) => b.length)).toEqual([...overlapping, waiting]);
    expect(writesWhenTold).toBe(MAX_WRITES_IN_FLIGHT + 1);
    for (const release of releases.slice(1)) release();
    const results = await Promise.all(submitted);
    expect(results).toEqual(submitted.map((_, i) => (i + 2) * 10));
  });

  it('tells each of two overlapping writes its own outcome, whichever ends first, and goes on after a write that throws', async () => {
    const { batches, releases, write } = heldWrites();
    let throwNext = false;
    const batcher = new AckBatcher<number, number>((items) => {
      if (throwNext) throw new Error('could not send the batch');
      return write(items);
    });
    const first = batcher.submit(1);
    const second = Array.from({ length: BATCH_OVERLAP }, (_, i) => batcher.submit(i + 2));
    expect(batches.map((b) => b.length)).toEqual([1, BATCH_OVERLAP]);
    // The second write ends before the first.
    releases[1]();
    await expect(Promise.all(second)).resolves.toEqual(second.map((_, i) => (i + 2) * 10));
    releases[0]();
    await expect(first).resolves.toBe(10);
    // A write that throws as it is called rejects its own items only.
    throwNext = true;
    await expect(batcher.submit(100)).rejects.toThrow('could not send the batch');
    throwNext = false;
    // Nothing is left in flight: a lone item is written at once.
    const after = batcher.submit(7);
    expect(batches[batches.length - 1]).toEqual([7]);
    releases[releases.length - 1]();
    await expect(after).resolves.toBe(70);
  });
});
