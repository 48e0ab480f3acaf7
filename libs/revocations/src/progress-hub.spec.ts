import { PROGRESS_TICK_MS, ProgressHub, READ_COST_FACTOR, nextReadAfter } from './progress-hub';
import type { ProgressService, RevocationView } from './progress.service';

const view = { id: 'r', progress: 0.5, fannedOutAt: null } as unknown as RevocationView;

/** A ProgressService whose every read takes `readMs` (fake time) and notes when it started. */
function timedReads(readMs: number) {
  const starts: number[] = [];
  const progress = {
    view: () => {
      starts.push(performance.now());
      return new Promise<RevocationView>((resolve) => setTimeout(() => resolve(view), readMs));
    },
  } as unknown as ProgressService;
  return { starts, hub: new ProgressHub(progress) };
}

const gaps = (starts: number[]) => starts.slice(1).map((at, i) => Math.round(at - starts[i]));

describe(ProgressHub.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function watch(readMs: number, forMs: number): Promise<number[]> {
    const { starts, hub } = timedReads(readMs);
    const joined = hub.join('r', { send: () => undefined, end: () => undefined });
    await jest.advanceTimersByTimeAsync(readMs);
    const { leave } = await joined;
    await jest.advanceTimersByTimeAsync(forMs);
    leave();
    const after = starts.length;
    await jest.advanceTimersByTimeAsync(10 * forMs);
    expect(starts.length).toBe(after); // the last viewer gone, no more reads
    return gaps(starts);
  }

  it('reads a quick revocation once a tick', async () => {
    const read = await watch(20, 10 * PROGRESS_TICK_MS);
    expect(read.length).toBeGreaterThanOrEqual(9);
    for (const gap of read) expect(gap).toBe(PROGRESS_TICK_MS);
  });

  it('spaces the reads of a revocation whose count is slow by READ_COST_FACTOR times their duration', async () => {
    const read = await watch(300, 10 * READ_COST_FACTOR * 300);
    expect(read.length).toBeGreaterThanOrEqual(9);
    for (const gap of read) expect(gap).toBe(READ_COST_FACTOR * 300);
  });

  it('never starts a read before the last one ended, however slow it is', async () => {
    expect(nextReadAfter(0)).toBe(PROGRESS_TICK_MS);
    expect(nextReadAfter(5_000)).toBeGreaterThan(5_000);
  });
});
