import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ProgressService, RevocationView } from './progress.service';

/** How often a watched revocation's progress is read at most, whatever the number of viewers. */
export const PROGRESS_TICK_MS = 500;
/**
 * A read counts the revocation's deliveries by state, which grows with the fleet: at 1,000,000 deliveries it took
 * 135-185 ms here, with two parallel workers (about 0.4 s of PostgreSQL CPU). Every 500 ms, one watched revocation of
 * a fleet would take most of a database core during the incident, while the fan-out and the acks need it. So a read
 * starts at least this many times its predecessor's duration after it: a read is in flight a tenth of the time at
 * most (at 1,000,000 deliveries about a quarter of a database core an instance, not most of one), and a small
 * revocation is still read every tick.
 */
export const READ_COST_FACTOR = 10;
/** The longest gap between two reads, however slow the last one was: a viewer's progress is never older than this and a read. */
export const MAX_READ_GAP_MS = 10_000;

/** How long after a read started the next one starts, given how long that read took. */
export function nextReadAfter(readMs: number): number {
  return Math.min(MAX_READ_GAP_MS, Math.max(PROGRESS_TICK_MS, READ_COST_FACTOR * readMs));
}

/** One viewer of a revocation's progress: a server-sent event stream. */
export interface ProgressViewer {
  /** The progress changed: `body` is the view as JSON. */
  send(body: string): void;
  /** The revocation is complete, or its progress can no longer be read. */
  end(): void;
}

interface Watch {
  viewers: Set<ProgressViewer>;
  view: RevocationView;
  body: string;
  timer: NodeJS.Timeout | undefined;
  stopped: boolean;
}

export function isComplete(view: RevocationView): boolean {
  return view.progress >= 1 && view.fannedOutAt !== null;
}

/**
 * Reads each watched revocation's progress once a tick for every viewer on
 * this instance: the first viewer starts the reads, and they stop at the first
 * tick with no viewer left, so 400 people watching one revocation cost one
 * query a tick, not 400, and a viewer who leaves and comes back within a tick
 * (a reconnecting stream) costs no read of its own. A tick is PROGRESS_TICK_MS,
 * or longer for a revocation whose read is slow (nextReadAfter): one read at a
 * time, never stacked.
 */
@Injectable()
export class ProgressHub implements OnModuleDestroy {
  private readonly watches = new Map<string, Watch>();
  private readonly opening = new Map<string, Promise<Watch>>();

  constructor(private readonly progress: ProgressService) {}

  /**
   * Adds a viewer; resolves with the current view (as JSON) and how to leave.
   * Rejects, adding nothing, when the revocation does not exist.
   */
  async join(id: string, viewer: ProgressViewer): Promise<{ view: RevocationView; body: string; leave: () => void }> {
    const watch = this.watches.get(id) ?? (await this.open(id));
    watch.viewers.add(viewer);
    // The last viewer's leaving ends the watch at its next tick (tick), not at once: a viewer back by then shares it.
    const leave = () => void watch.viewers.delete(viewer);
    return { view: watch.view, body: watch.body, leave };
  }

  /** Revocations watched now, for tests and metrics. */
  get watched(): number {
    return this.watches.size;
  }

  onModuleDestroy(): void {
    for (const [id, watch] of this.watches) this.stop(id, watch);
  }

  /** Concurrent first viewers share one read. */
  private open(id: string): Promise<Watch> {
    let opening = this.opening.get(id);
    if (!opening) {
      const started = performance.now();
      opening = this.progress
        .view(id)
        .then((view) => {
          const existing = this.watches.get(id);
          if (existing) return existing;
          const watch: Watch = { viewers: new Set(), view, body: JSON.stringify(view), timer: undefined, stopped: false };
          this.watches.set(id, watch);
          this.schedule(id, watch, started);
          return watch;
        })
        .finally(() => this.opening.delete(id));
      this.opening.set(id, opening);
    }
    return opening;
  }

  /** The next read, after the one that started at `started` (a performance.now() instant) and has just ended. */
  private schedule(id: string, watch: Watch, started: number): void {
    if (watch.stopped) return;
    const took = performance.now() - started;
    watch.timer = setTimeout(() => this.tick(id, watch), Math.max(0, nextReadAfter(took) - took));
  }

  private tick(id: string, watch: Watch): void {
    if (watch.viewers.size === 0) return this.stop(id, watch); // nobody left to read for
    const started = performance.now();
    this.progress
      .view(id)
      .then((view) => {
        const body = JSON.stringify(view);
        if (body !== watch.body) {
          watch.view = view;
          watch.body = body;
          for (const viewer of watch.viewers) viewer.send(body);
        }
        if (isComplete(view)) this.endAll(id, watch);
        else this.schedule(id, watch, started);
      })
      .catch(() => this.endAll(id, watch));
  }

  private endAll(id: string, watch: Watch): void {
    this.stop(id, watch);
    for (const viewer of watch.viewers) viewer.end();
    watch.viewers.clear();
  }

  private stop(id: string, watch: Watch): void {
    watch.stopped = true;
    clearTimeout(watch.timer);
    if (this.watches.get(id) === watch) this.watches.delete(id);
  }
}
