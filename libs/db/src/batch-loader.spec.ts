import { BATCH_OVERLAP, BatchLoader, MAX_BATCH_KEYS, MAX_LOADS_IN_FLIGHT } from './batch-loader';

/** A load function whose loads wait until released. */
function heldLoads() {
  const loads: string[][] = [];
  const releases: (() => void)[] = [];
  const load = async (keys: string[]) => {
    loads.push(keys);
    await new Promise<void>((resolve) => releases.push(resolve));
    return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, `row ${k}`]));
  };
  return { loads, load, release: (i: number) => releases[i]() };
}

/** Lets the loader's microtasks and the loads' promises run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const keysOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe(BatchLoader.name, () => {
  it('loads the keys asked for in one turn together, each key once, and answers undefined for a key not found', async () => {
    const { loads, load, release } = heldLoads();
    const loader = new BatchLoader<string, string>(load);
    const answers = Promise.all([loader.get('a'), loader.get('b'), loader.get('a'), loader.get('missing')]);
    await settle();
    expect(loads).toEqual([['a', 'b', 'missing']]);
    release(0);
    expect(await answers).toEqual(['row a', 'row b', 'row a', undefined]);
  });

  it('loads the few keys asked for while a load runs together once it ends, a key under way included, anew', async () => {
    const { loads, load, release } = heldLoads();
    const loader = new BatchLoader<string, string>(load);
    const first = loader.get('a');
    await settle();
    const rest = [loader.get('a'), loader.get('b')];
    await settle();
    expect(loads).toEqual([['a']]);
    release(0);
    await settle();
    expect(loads).toEqual([['a'], ['a', 'b']]);
    release(1);
    expect(await Promise.all([first, ...rest])).toEqual(['row a', 'row a', 'row b']);
  });

  it(`starts another load while one runs once ${BATCH_OVERLAP} keys wait, up to ${MAX_LOADS_IN_FLIGHT} at once`, async () => {
    const { loads, load, release } = heldLoads();
    const loader = new BatchLoader<string, string>(load);
    const answers: Promise<string | undefined>[] = [loader.get('first')];
    await settle();
    for (let i = 1; i < MAX_LOADS_IN_FLIGHT; i++) {
      answers.push(...keysOf(`k${i}-`, BATCH_OVERLAP).map((key) => loader.get(key)));
      await settle();
      expect(loads).toHaveLength(i + 1); // started while the earlier loads are still under way
    }
    answers.push(...keysOf('late-', BATCH_OVERLAP).map((key) => loader.get(key)));
    await settle();
    expect(loads).toHaveLength(MAX_LOADS_IN_FLIGHT); // every load is taken: these wait
    release(0);
    await settle();
    expect(loads.at(-1)).toEqual(keysOf('late-', BATCH_OVERLAP));
    for (let i = 1; i < loads.length; i++) release(i);
    const answered = await Promise.all(answers);
    expect(answered).toHaveLength(1 + MAX_LOADS_IN_FLIGHT * BATCH_OVERLAP);
    expect(answered.every((row) => row?.startsWith('row '))).toBe(true);
  });

  it(`takes at most ${MAX_BATCH_KEYS} keys a load`, async () => {
    const sizes: number[] = [];
    const loader = new BatchLoader<number, number>(async (keys) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, k]));
    });
    const keys = Array.from({ length: 2 * MAX_BATCH_KEYS + 10 }, (_, i) => i);
    expect(await Promise.all(keys.map((k) => loader.get(k)))).toEqual(keys);
    expect(sizes).toEqual([MAX_BATCH_KEYS, MAX_BATCH_KEYS, 10]);
  });

  it("rejects a failed load's keys only, and loads the next keys anew", async () => {
    let fail = true;
    const loader = new BatchLoader<string, string>(async (keys) => {
      if (fail) {
        fail = false;
        throw new Error('connection lost');
      }
      return new Map(keys.map((k) => [k, k]));
    });
    await expect(loader.get('a')).rejects.toThrow('connection lost');
    expect(await loader.get('a')).toBe('a');
  });

  it("answers getWith's callbacks once each, never synchronously, and one that throws keeps none of the batch's others from theirs", async () => {
    const { loads, load, release } = heldLoads();
    const loader = new BatchLoader<string, string>(load);
    const seen: unknown[][] = [];
    loader.getWith('a', () => {
      throw new Error('a caller bug');
    });
    loader.getWith('a', (error, value) => seen.push([error, value]));
    loader.getWith('missing', (error, value) => seen.push([error, value]));
    expect(seen).toEqual([]);
    await settle();
    expect(loads).toEqual([['a', 'missing']]);
    // The bug is rethrown on its own, as an uncaught exception: caught here instead of failing the test run.
    const rethrown: (() => void)[] = [];
    const microtasks = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => void rethrown.push(task));
    try {
      release(0);
      await settle();
    } finally {
      microtasks.mockRestore();
    }
    expect(seen).toEqual([
      [null, 'row a'],
      [null, undefined],
    ]);
    expect(rethrown).toHaveLength(1);
    expect(rethrown[0]).toThrow('a caller bug');
  });
});
