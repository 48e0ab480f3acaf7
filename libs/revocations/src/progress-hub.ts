import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ProgressRead, ProgressReads, untilNextRead } from './progress-reads';
import { RevocationView } from './progress.service';

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
 * time, never stacked. The reads are ProgressReads': a tick shares a read
 * already under way for the revocation (a GET's, say), as do first viewers.
 */
@Injectable()
export class ProgressHub implements OnModuleDestroy {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly reads: ProgressReads) {}

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

  /** Concurrent first viewers share one read (ProgressReads.read), and the first of them to have it starts the watch. */
  private async open(id: string): Promise<Watch> {
    const read = await this.reads.read(id);
    const existing = this.watches.get(id);
    if (existing) return existing;
    const watch: Watch = { viewers: new Set(), view: read.view, body: JSON.stringify(read.view), timer: undefined, stopped: false };
    this.watches.set(id, watch);
    this.schedule(id, watch, read);
    return watch;
  }

  /** The next read, after `read` (which has just ended). */
  private schedule(id: string, watch: Watch, read: ProgressRead): void {
    if (watch.stopped) return;
    watch.timer = setTimeout(() => this.tick(id, watch), Math.max(0, untilNextRead(read)));
  }

  private tick(id: string, watch: Watch): void {
    if (watch.viewers.size === 0) return this.stop(id, watch); // nobody left to read for
    this.reads
      .read(id)
      .then((read) => {
        const body = JSON.stringify(read.view);
        if (body !== watch.body) {
          watch.view = read.view;
          watch.body = body;
          for (const viewer of watch.viewers) viewer.send(body);
        }
        if (isComplete(read.view)) this.endAll(id, watch);
        else this.schedule(id, watch, read);
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
