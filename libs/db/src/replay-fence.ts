import type { Lsn } from './wal-position';

/** Devices whose fence is remembered one by one; past it, they share one (higher) floor. */
const MAX_DEVICES = 100_000;

/**
 * Decides whether a device's credential or facts read from the replica may be
 * trusted: only if the replica had replayed every change of that device this
 * process has been told about.
 *
 * A change notice arrives after its transaction committed on the primary, so
 * the primary's WAL insert position taken after the notice arrived is at or
 * past that commit. A replica read of the device counts only if the replica's
 * replay position, taken before the read, is at or past it. Until that primary
 * position is known (the notice just came) the device is "pending" and reads
 * go to the primary. Changes committed before this process listened, or while
 * its listener was away (a resync), are covered by a floor: a primary position
 * taken after listening began, which every replica read must have replayed.
 *
 * The check is made when a read completes, so a notice that came while the
 * read ran turns it down too. Pure bookkeeping: the caller takes the positions.
 */
export class ReplayFence {
  /** Raised at each notice and resync; a primary position taken at epoch e covers every mark up to e. */
  private epoch = 0;
  private readonly pending = new Map<string, number>();
  private readonly required = new Map<string, Lsn>();
  /** Every read must have replayed this; undefined while floorPendingSince is set. */
  private floor: Lsn = 0n;
  private floorPendingSince: number | undefined = 0;

  /** A change notice for the device came: replica reads of it wait for a new primary position. */
  noticed(deviceId: string): void {
    this.pending.set(deviceId, ++this.epoch);
  }

  /** Notices may have been missed (start, listener reconnect): no replica read counts until a new primary position. */
  resync(): void {
    this.floorPendingSince = ++this.epoch;
    this.pending.clear();
    this.required.clear();
  }

  /** Whether a primary position should be taken: something waits for one. */
  get waiting(): boolean {
    return this.floorPendingSince !== undefined || this.pending.size > 0;
  }

  /** Call before asking the primary for its position; hand the result to covered(). */
  begin(): number {
    return this.epoch;
  }

  /** The primary's WAL insert position, taken after begin() returned `epoch`. */
  covered(epoch: number, primary: Lsn): void {
    if (this.floorPendingSince !== undefined && this.floorPendingSince <= epoch) {
      this.floorPendingSince = undefined;
      if (primary > this.floor) this.floor = primary;
    }
    for (const [deviceId, mark] of this.pending) {
      if (mark > epoch) continue;
      this.pending.delete(deviceId);
      const before = this.required.get(deviceId);
      if (primary > this.floor && (before === undefined || primary > before)) this.required.set(deviceId, primary);
    }
    if (this.required.size > MAX_DEVICES) {
      // Positions only grow: the highest one is a floor that covers every device dropped here.
      for (const lsn of this.required.values()) if (lsn > this.floor) this.floor = lsn;
      this.required.clear();
    }
  }

  /** Whether a replica read of the device, made after the replica had replayed up to `replayed`, may be used. */
  accepts(deviceId: string, replayed: Lsn): boolean {
    if (this.floorPendingSince !== undefined || this.pending.has(deviceId)) return false;
    return replayed >= this.floor && replayed >= (this.required.get(deviceId) ?? 0n);
  }
}
