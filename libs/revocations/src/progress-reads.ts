import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { makeRoom } from '@killswitch/db';
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

/** Revocations whose last read is remembered, at most: the oldest goes first. */
const REMEMBERED = 1_000;

/** One read of a revocation's progress. */
export interface ProgressRead {
  /** performance.now() when the read started, and how long it took (ms). */
  started: number;
  took: number;
  view: RevocationView;
}

/** How long from now until the read after `read` is due (nextReadAfter): 0 or less once it is. */
export function untilNextRead(read: ProgressRead): number {
  return nextReadAfter(read.took) - (performance.now() - read.started);
}

/**
 * Every read of a revocation's progress: GET /v1/revocations/:id's (view) and the progress streams' (read, once a
 * tick: ProgressHub). A read counts the revocation's deliveries by state, which grows with the fleet (about 150 ms
 * of PostgreSQL at 1,000,000 deliveries): a script or dashboard polling it in a loop during an incident would take a
 * database core. Once a read of a revocation took PROGRESS_SHARED_READ_MIN_MS or more, its requests share reads as
 * progress streams do: one read at a time, and its answer serves every request until ten times its duration has
 * passed (nextReadAfter: at most 10 s). A revocation read faster than that (up to about 300,000 deliveries here) is
 * read for each request, so a client reads its own writes at once.
 */
@Injectable()
export class ProgressReads {
  private readonly last = new Map<string, ProgressRead>();
  private readonly inFlight = new Map<string, Promise<ProgressRead>>();
  private readonly sharedFromMs: number;

  constructor(
    private readonly progress: ProgressService,
    config: EnvConfig,
  ) {
    this.sharedFromMs = config.PROGRESS_SHARED_READ_MIN_MS;
  }

  /** A request's view: the last read's while it answers for the revocation (a slow one), else a read. */
  async view(id: string): Promise<RevocationView> {
    const last = this.last.get(id);
    if (last && last.took >= this.sharedFromMs) {
      if (untilNextRead(last) > 0) return last.view;
      return (await this.read(id)).view;
    }
    return (await this.start(id)).view;
  }

  /** The read under way, or one that starts now: never two at once for callers who wait for the next read. */
  read(id: string): Promise<ProgressRead> {
    return this.inFlight.get(id) ?? this.start(id);
  }

  private start(id: string): Promise<ProgressRead> {
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

  private remember(id: string, read: ProgressRead): void {
    const kept = this.last.get(id);
    if (kept && kept.started > read.started) return; // a later read ended first
    this.last.delete(id);
    makeRoom(this.last, REMEMBERED);
    this.last.set(id, read);
  }
}
