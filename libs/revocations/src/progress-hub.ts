import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ProgressService, RevocationView } from './progress.service';

/** How often a watched revocation's progress is read, whatever the number of viewers. */
export const PROGRESS_TICK_MS = 500;

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
  timer: NodeJS.Timeout;
  polling: boolean;
}

export function isComplete(view: RevocationView): boolean {
  return view.progress >= 1 && view.fannedOutAt !== null;
}

/**
 * Reads each watched revocation's progress once a tick for every viewer on
 * this instance: the first viewer starts the reads, the last one to leave
 * stops them, so 400 people watching one revocation cost one query a tick,
 * not 400.
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
    const leave = () => {
      watch.viewers.delete(viewer);
      if (watch.viewers.size === 0) this.stop(id, watch);
    };
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
      opening = this.progress
        .view(id)
        .then((view) => {
          const existing = this.watches.get(id);
          if (existing) return existing;
          const watch: Watch = {
            viewers: new Set(),
            view,
            body: JSON.stringify(view),
            polling: false,
            timer: setInterval(() => this.tick(id, watch), PROGRESS_TICK_MS),
          };
          this.watches.set(id, watch);
          return watch;
        })
        .finally(() => this.opening.delete(id));
      this.opening.set(id, opening);
    }
    return opening;
  }

  private tick(id: string, watch: Watch): void {
    if (watch.polling) return; // a slow read is not stacked with another
    watch.polling = true;
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
      })
      .catch(() => this.endAll(id, watch))
      .finally(() => (watch.polling = false));
  }

  private endAll(id: string, watch: Watch): void {
    this.stop(id, watch);
    for (const viewer of watch.viewers) viewer.end();
    watch.viewers.clear();
  }

  private stop(id: string, watch: Watch): void {
    clearInterval(watch.timer);
    if (this.watches.get(id) === watch) this.watches.delete(id);
  }
}
