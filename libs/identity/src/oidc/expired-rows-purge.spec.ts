import { ExpiredRowsPurge, PURGE_EVERY_MS } from './expired-rows-purge';

describe(ExpiredRowsPurge.name, () => {
  function purge() {
    const deletes: number[] = [];
    return { deletes, expired: new ExpiredRowsPurge(async (now) => void deletes.push(now.getTime())) };
  }

  it('deletes at its first run, then not again until PURGE_EVERY_MS after it', async () => {
    const { deletes, expired } = purge();
    const start = 1_800_000_000_000;
    for (const at of [start, start + 1, start + PURGE_EVERY_MS - 1, start + PURGE_EVERY_MS, start + PURGE_EVERY_MS + 1]) await expired.run(at);
    expect(deletes).toEqual([start, start + PURGE_EVERY_MS]);
  });

  it('deletes the rows expired at the time of the run, the present one unless given', async () => {
    const { deletes, expired } = purge();
    const before = Date.now();
    await expired.run();
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toBeGreaterThanOrEqual(before);
    expect(deletes[0]).toBeLessThanOrEqual(Date.now());
  });

  it('lets runs arriving while a delete is under way skip it, and passes on a failed delete', async () => {
    let fail: (error: Error) => void = () => undefined;
    let deletes = 0;
    const expired = new ExpiredRowsPurge(() => {
      deletes++;
      return new Promise((_, reject) => (fail = reject));
    });
    const first = expired.run(1_000_000);
    await expired.run(1_000_001);
    fail(new Error('the database is gone'));
    await expect(first).rejects.toThrow('the database is gone');
    expect(deletes).toBe(1);
  });
});
