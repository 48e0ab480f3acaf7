import type { Lsn } from './wal-position';

/**
 * How far behind the replica is, in primary time: "fresh as of" the latest
 * moment whose primary WAL position the replica has replayed. Measured by
 * positions, not by pg_last_xact_replay_timestamp(): an idle primary writes
 * nothing to replay, and a caught-up replica must not look old then. No clock
 * of either server is read, only this process's.
 */
export class ReplicaLag {
  /** Primary positions by the time (this process's clock) they were taken, oldest first. */
  private samples: { at: number; lsn: Lsn }[] = [];
  private freshAsOf: number | undefined;

  constructor(private readonly maxLagMs: number) {}

  /** The primary's position taken at `at`; observe the replica after taking it. */
  primaryAt(at: number, lsn: Lsn): void {
    this.samples.push({ at, lsn });
  }

  /** The replica's replay position, taken after every primary position recorded so far. */
  replicaReplayed(replayed: Lsn): void {
    let fresh: number | undefined;
    for (const sample of this.samples) if (sample.lsn <= replayed) fresh = sample.at;
    if (fresh !== undefined && (this.freshAsOf === undefined || fresh > this.freshAsOf)) this.freshAsOf = fresh;
    // Keep the positions not replayed yet; one older than twice the bound could only ever say "too far behind".
    const newest = this.samples[this.samples.length - 1];
    this.samples = this.samples.filter((sample) => sample.lsn > replayed && newest.at - sample.at <= 2 * this.maxLagMs);
  }

  /** The replica went away or came back: what it had replayed before says nothing now. */
  reset(): void {
    this.samples = [];
    this.freshAsOf = undefined;
  }

  /** Milliseconds the replica's data may be behind the primary at `now`; Infinity when unknown. */
  lagAt(now: number): number {
    return this.freshAsOf === undefined ? Infinity : Math.max(0, now - this.freshAsOf);
  }

  withinBound(now: number): boolean {
    return this.lagAt(now) <= this.maxLagMs;
  }
}
