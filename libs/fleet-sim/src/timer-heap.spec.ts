import { TimerHeap } from './timer-heap';

describe(TimerHeap.name, () => {
  it('fires every entry in due-time order with one timer, skipping entries rescheduled or cancelled since', async () => {
    const fired: string[] = [];
    const heap = new TimerHeap(100, 2, (device, kind) => fired.push(`${device}:${kind}`));
    const now = Date.now();
    // 100 devices in a scrambled order, all due within 30 ms.
    for (let i = 0; i < 100; i++) heap.schedule((i * 37) % 100, 0, now + ((i * 37) % 100) * 0.3);
    heap.schedule(5, 1, now + 5);
    heap.schedule(5, 1, now + 1); // rescheduled: fires once, at the new time
    heap.schedule(7, 1, now + 2);
    heap.cancel(7, 1);
    expect(heap.isScheduled(5, 1)).toBe(true);
    expect(heap.isScheduled(7, 1)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const kind0 = fired.filter((f) => f.endsWith(':0')).map((f) => Number(f.split(':')[0]));
    expect(kind0).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(fired.filter((f) => f.endsWith(':1'))).toEqual(['5:1']);
    expect(heap.pending).toBe(0);
    heap.stop();
  });

  it('re-arms for an earlier entry, and fires nothing after stop', async () => {
    const fired: number[] = [];
    const heap = new TimerHeap(3, 1, (device) => fired.push(device));
    heap.schedule(0, 0, Date.now() + 60_000);
    heap.schedule(1, 0, Date.now() + 5);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toEqual([1]);
    heap.schedule(2, 0, Date.now() + 5);
    heap.stop();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toEqual([1]);
  });
});
