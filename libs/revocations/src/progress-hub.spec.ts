import type { EnvConfig } from '@killswitch/config';
import { ProgressHub } from './progress-hub';
import { MAX_READ_GAP_MS, PROGRESS_TICK_MS, ProgressReads, READ_COST_FACTOR, nextReadAfter } from './progress-reads';
import type { ProgressService, RevocationView } from './progress.service';

const view = { id: 'r', progress: 0.5, fannedOutAt: null } as unknown as RevocationView;

/** A ProgressService whose every read takes `readMs` (fake time) and notes when it started; `outcome` may make one fail or complete. */
function timedReads(readMs: number, outcome: (read: number) => RevocationView | Error = () => view) {
  const starts: number[] = [];
  const progress = {
    view: () => {
      const result = outcome(starts.push(performance.now()));
      return new Promise<RevocationView>((resolve, reject) => setTimeout(() => (result instanceof Error ? reject(result) : resolve(result)), readMs));
    },
  } as unknown as ProgressService;
  const reads = new ProgressReads(progress, { PROGRESS_SHARED_READ_MIN_MS: 50 } as EnvConfig);
  return { starts, reads, hub: new ProgressHub(reads) };
}

function viewer() {
  return {
    sent: [] as string[],
    ended: 0,
    send(body: string) {
      this.sent.push(body);
    },
    end() {
      this.ended++;
    },
  };
}

const gaps = (starts: number[]) => starts.slice(1).map((at, i) => Math.round(at - starts[i]));

describe(ProgressHub.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function watch(readMs: number, forMs: number): Promise<number[]> {
    const { starts, hub } = timedReads(readMs);
    const joined = hub.join('r', viewer());
    await jest.advanceTimersByTimeAsync(readMs);
    const { leave } = await joined;
    await jest.advanceTimersByTimeAsync(forMs);
    leave();
    const after = starts.length;
    await jest.advanceTimersByTimeAsync(10 * forMs);
    expect(starts.length).toBe(after); // the last viewer gone, no more reads
    expect(hub.watched).toBe(0);
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

  it('reads a very slow one again at most MAX_READ_GAP_MS after the last read started, and never two at once', async () => {
    const read = await watch(5_000, 10 * MAX_READ_GAP_MS);
    expect(read.length).toBeGreaterThanOrEqual(9);
    for (const gap of read) expect(gap).toBe(MAX_READ_GAP_MS);
    expect(nextReadAfter(2 * MAX_READ_GAP_MS)).toBe(MAX_READ_GAP_MS); // the read took longer: the next starts as it ends
  });

  it('reads nothing more once the last viewer left during a read, and shares the watch with a viewer back within the tick', async () => {
    const { starts, hub } = timedReads(500);
    const joined = hub.join('r', viewer());
    await jest.advanceTimersByTimeAsync(500);
    const { leave } = await joined;
    await jest.advanceTimersByTimeAsync(READ_COST_FACTOR * 500 - 500 + 200); // the second read is under way
    expect(starts).toHaveLength(2);
    leave();
    const back = hub.join('r', viewer()); // a reconnecting stream: the same watch, no read of its own
    await jest.advanceTimersByTimeAsync(0);
    (await back).leave();
    expect(starts).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(10 * MAX_READ_GAP_MS);
    expect(starts).toHaveLength(2);
    expect(hub.watched).toBe(0);
  });

  it('shares a read already under way for a request with its first viewer, and times its next read from that one', async () => {
    const { starts, reads, hub } = timedReads(300);
    const requested = reads.view('r'); // GET /v1/revocations/:id
    await jest.advanceTimersByTimeAsync(100);
    const joined = hub.join('r', viewer());
    await jest.advanceTimersByTimeAsync(200);
    await requested;
    const { leave } = await joined;
    expect(starts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(READ_COST_FACTOR * 300 - 300 - 1);
    expect(starts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(gaps(starts)).toEqual([READ_COST_FACTOR * 300]);
    leave();
    await jest.advanceTimersByTimeAsync(10 * MAX_READ_GAP_MS);
    expect(hub.watched).toBe(0);
  });

  it('ends every viewer and reads no more when a read fails or the revocation completes', async () => {
    const done = { ...view, progress: 1, fannedOutAt: new Date() } as RevocationView;
    for (const outcome of [new Error('the database is gone'), done]) {
      const { starts, hub } = timedReads(10, (read) => (read === 3 ? outcome : view));
      const watcher = viewer();
      const joined = hub.join('r', watcher);
      await jest.advanceTimersByTimeAsync(10);
      await joined;
      await jest.advanceTimersByTimeAsync(10 * PROGRESS_TICK_MS);
      expect(starts).toHaveLength(3);
      expect(watcher.ended).toBe(1);
      expect(hub.watched).toBe(0);
    }
  });

  it('nextReadAfter is never shorter than the read it follows, up to MAX_READ_GAP_MS', () => {
    expect(nextReadAfter(0)).toBe(PROGRESS_TICK_MS);
    for (const readMs of [1, 49, 50, 400, 999]) expect(nextReadAfter(readMs)).toBeGreaterThan(readMs);
  });
});
