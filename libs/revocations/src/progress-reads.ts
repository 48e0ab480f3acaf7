import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { nextReadAfter } from './progress-hub';
import { ProgressService, RevocationView } from './progress.service';

/** Revocations whose last read is remembered, at most: the oldest goes first. */
const REMEMBERED = 1_000;

interface Read {
  /** performance.now() when the read started, and how long it took (ms). */
  started: number;
  took: number;
  view: RevocationView;
}

/**
 * GET /v1/revocations/:id's reads. A read counts the revocation's deliveries by state, which grows with the fleet
 * (about 150 ms of PostgreSQL at 1,000,000 deliveries, see ProgressHub): a script or dashboard polling it in a loop
 * during an incident would take a database core. Once a read of a revocation took PROGRESS_SHARED_READ_MIN_MS or more,
 * its requests share reads as progress streams do: one read at a time, and its answer serves every request until
 * ten times its duration has passed (nextReadAfter: at most 10 s). A revocation read faster than that (up to about
 * 300,000 deliveries here) is read for each request, so a client reads its own writes at once.
 */
@Injectable()
export class ProgressReads {
  private readonly last = new Map<string, Read>();
  private readonly inFlight = new Map<string, Promise<Read>>();
  private readonly sharedFromMs: number;

  constructor(
    private readonly progress: ProgressService,
    config: EnvConfig,
  ) {
    this.sharedFromMs = config.PROGRESS_SHARED_READ_MIN_MS;
  }

  async view(id: string): Promise<RevocationView> {
    const last = this.last.get(id);
    if (last && last.took >= this.sharedFromMs) {
      if (performance.now() - last.started < nextReadAfter(last.took)) return last.view;
      const reading = this.inFlight.get(id);
      if (reading) return (await reading).view;
    }
    return (await this.read(id)).view;
  }

  private read(id: string): Promise<Read> {
    const started = performance.now();
    const reading = this.progress
      .view(id)
      .then((view) => {
        const read = { started, took: performance.now() - started, view };
        this.remember(id, read);
        return read;
      })
      .finally(() => {
        if (this.inFlight.get(id) === reading) this.inFlight.delete(id);
      });
    this.inFlight.set(id, reading);
    return reading;
  }

  private remember(id: string, read: Read): void {
    const kept = this.last.get(id);
    if (kept && kept.started > read.started) return; // a later read ended first
    this.last.delete(id);
    if (this.last.size >= REMEMBERED) this.last.delete(this.last.keys().next().value as string);
    this.last.set(id, read);
  }
}
