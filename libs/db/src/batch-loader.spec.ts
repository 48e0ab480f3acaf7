import { BatchLoader, MAX_BATCH_KEYS } from './batch-loader';

describe(BatchLoader.name, () => {
  it('loads a key alone at once, and the keys asked for during a load together in the next, each key once', async () => {
    const loads: string[][] = [];
    let release!: () => void;
    const loader = new BatchLoader<string, string>(async (keys) => {
      loads.push(keys);
      if (loads.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, `row ${k}`]));
    });
    const first = loader.get('a');
    const rest = [loader.get('b'), loader.get('c'), loader.get('b'), loader.get('missing')];
    release();
    expect(await first).toBe('row a');
    expect(await Promise.all(rest)).toEqual(['row b', 'row c', 'row b', undefined]);
    expect(loads).toEqual([['a'], ['b', 'c', 'missing']]);
  });

  it(`takes at most ${MAX_BATCH_KEYS} keys a load`, async () => {
    const sizes: number[] = [];
    const loader = new BatchLoader<number, number>(async (keys) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, k]));
    });
    const keys = Array.from({ length: 2 * MAX_BATCH_KEYS + 10 }, (_, i) => i);
    expect(await Promise.all(keys.map((k) => loader.get(k)))).toEqual(keys);
    expect(sizes).toEqual([1, MAX_BATCH_KEYS, MAX_BATCH_KEYS, 9]);
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
});
