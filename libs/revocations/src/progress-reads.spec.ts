import type { EnvConfig } from '@killswitch/config';
import { MAX_READ_GAP_MS, PROGRESS_TICK_MS, ProgressReads } from './progress-reads';
import type { ProgressService, RevocationView } from './progress.service';

/** Reads that each take `readMs` of fake time and answer a view numbered by the read; `fail` makes one reject. */
function timedReads(readMs: number, sharedFromMs: number, fail: (read: number) => boolean = () => false) {
  let reads = 0;
  const progress = {
    view: (id: string) => {
      const read = ++reads;
      return new Promise<RevocationView>((resolve, reject) =>
        setTimeout(() => (fail(read) ? reject(new Error(`revocation ${id} does not exist`)) : resolve({ id, target: read } as RevocationView)), readMs),
      );
    },
  } as unknown as ProgressService;
  const shared = new ProgressReads(progress, { PROGRESS_SHARED_READ_MIN_MS: sharedFromMs } as EnvConfig);
  return { shared, reads: () => reads };
}

/** Starts `view` calls now and lets fake time run until they are answered. */
async function settle<T>(calls: Promise<T>[], ms: number): Promise<T[]> {
  await jest.advanceTimersByTimeAsync(ms);
  return Promise.all(calls);
}

describe(ProgressReads.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reads for every request while a read takes less than the threshold, so a client sees its own writes', async () => {
    const { shared, reads } = timedReads(10, 50);
    for (let i = 1; i <= 3; i++) {
      const [view] = await settle([shared.view('r')], 10);
      expect(view.target).toBe(i);
    }
    expect(reads()).toBe(3);
  });

  it('answers from a slow read for ten times its duration, then reads again', async () => {
    const { shared, reads } = timedReads(200, 50);
    await settle([shared.view('r')], 200);
    // 2,000 ms after the read started (10 × 200): the same answer without a read.
    await jest.advanceTimersByTimeAsync(1_700);
    const [cached] = await settle([shared.view('r')], 0);
    expect(cached.target).toBe(1);
    expect(reads()).toBe(1);
    await jest.advanceTimersByTimeAsync(100);
    const [fresh] = await settle([shared.view('r')], 200);
    expect(fresh.target).toBe(2);
    expect(reads()).toBe(2);
  });

  it('lets requests arriving during a slow read share it', async () => {
    const { shared, reads } = timedReads(200, 50);
    await settle([shared.view('r')], 200);
    await jest.advanceTimersByTimeAsync(2_000);
    const first = shared.view('r');
    await jest.advanceTimersByTimeAsync(100);
    const views = await settle([first, ...Array.from({ length: 20 }, () => shared.view('r'))], 200);
    expect(views.map((v) => v.target)).toEqual(Array(21).fill(2));
    expect(reads()).toBe(2);
  });

  it('never keeps an answer longer than the longest gap between two reads', async () => {
    const { shared, reads } = timedReads(5_000, 50);
    await settle([shared.view('r')], 5_000);
    await jest.advanceTimersByTimeAsync(MAX_READ_GAP_MS - 5_000);
    await settle([shared.view('r')], 5_000);
    expect(reads()).toBe(2);
  });

  it('shares even quick reads for a tick with a threshold of 0', async () => {
    const { shared, reads } = timedReads(5, 0);
    await settle([shared.view('r')], 5);
    await jest.advanceTimersByTimeAsync(PROGRESS_TICK_MS - 10);
    await settle([shared.view('r')], 0);
    expect(reads()).toBe(1);
    await jest.advanceTimersByTimeAsync(10);
    await settle([shared.view('r')], 5);
    expect(reads()).toBe(2);
  });

  it('keeps no failed read: the next request reads again, and other revocations are read apart', async () => {
    const { shared, reads } = timedReads(200, 0, (read) => read === 1);
    const failed = shared.view('r').catch((error: Error) => error.message);
    await jest.advanceTimersByTimeAsync(200);
    expect(await failed).toBe('revocation r does not exist');
    const [view, other] = await settle([shared.view('r'), shared.view('s')], 200);
    expect([view.target, other.target, reads()]).toEqual([2, 3, 3]);
  });
});
