/**
 * One timer for a whole fleet: a binary min-heap of (due time, device, kind)
 * in typed arrays, drained by a single setTimeout armed for the earliest
 * entry. A simulated device costs a few numbers here, never a Timeout object.
 *
 * Each device has at most one live entry per kind: rescheduling records the
 * new due time, and an entry whose time no longer matches is skipped as stale.
 */

export class TimerHeap {
  private times = new Float64Array(1024);
  private devices = new Int32Array(1024);
  private kinds = new Uint8Array(1024);
  private size = 0;
  /** due[kind][device]: the live due time, NaN when nothing is scheduled. */
  private readonly due: Float64Array[];
  private timer?: NodeJS.Timeout;
  private armedFor = Infinity;
  private stopped = false;

  constructor(
    deviceCount: number,
    kindCount: number,
    private readonly fire: (device: number, kind: number) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.due = Array.from({ length: kindCount }, () => new Float64Array(deviceCount).fill(NaN));
  }

  get pending(): number {
    return this.size;
  }

  /** Schedules (or reschedules) `kind` for `device` at `at` (ms since the epoch). */
  schedule(device: number, kind: number, at: number): void {
    if (this.stopped) return;
    this.due[kind][device] = at;
    this.push(at, device, kind);
    if (at < this.armedFor) this.arm(at);
  }

  cancel(device: number, kind: number): void {
    this.due[kind][device] = NaN;
  }

  isScheduled(device: number, kind: number): boolean {
    return !Number.isNaN(this.due[kind][device]);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => this.drain(), Math.max(0, Math.min(at - this.now(), 2 ** 31 - 1)));
  }

  private drain(): void {
    this.armedFor = Infinity;
    this.timer = undefined;
    const now = this.now();
    while (this.size > 0 && this.times[0] <= now && !this.stopped) {
      const at = this.times[0];
      const device = this.devices[0];
      const kind = this.kinds[0];
      this.pop();
      if (this.due[kind][device] !== at) continue; // rescheduled or cancelled since
      this.due[kind][device] = NaN;
      this.fire(device, kind);
    }
    if (this.size > 0 && !this.stopped) this.arm(this.times[0]);
  }

  private push(at: number, device: number, kind: number): void {
    if (this.size === this.times.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] <= at) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = at;
    this.devices[i] = device;
    this.kinds[i] = kind;
  }

  private pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const at = this.times[last];
    const device = this.devices[last];
    const kind = this.kinds[last];
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.times[right] < this.times[left] ? right : left;
      if (this.times[child] >= at) break;
      this.move(child, i);
      i = child;
    }
    this.times[i] = at;
    this.devices[i] = device;
    this.kinds[i] = kind;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.devices[to] = this.devices[from];
    this.kinds[to] = this.kinds[from];
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const devices = new Int32Array(capacity);
    devices.set(this.devices);
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    this.times = times;
    this.devices = devices;
    this.kinds = kinds;
  }
}
