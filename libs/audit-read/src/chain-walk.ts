/**
 * Walks audit entries in ascending seq from a point already trusted (genesis,
 * or a checkpoint) and names the first entry that does not follow from it.
 * Pure: the database side (batches, lookups) is ChainVerifier's.
 */
import { GENESIS_HASH, StoredEntry, chainHash, chainedEntryOf } from '@killswitch/audit';

/**
 * Why an entry breaks the chain:
 * - `sequence-gap`: entries are missing before it (deleted rows);
 * - `reordered`: it links to an entry that comes after it (rows moved);
 * - `prev-hash-mismatch`: it does not link to the entry before it;
 * - `hash-mismatch`: its content no longer hashes to its stored hash (an edited row);
 * - `checkpoint-mismatch`: the entry a checkpoint names no longer has the checkpoint's hash;
 * - `below-checkpoint`: the chain ends before the entry the latest signed checkpoint names (its tail was deleted).
 */
export type BreakReason = 'sequence-gap' | 'reordered' | 'prev-hash-mismatch' | 'hash-mismatch' | 'checkpoint-mismatch' | 'below-checkpoint';

export interface BrokenEntry {
  /** The first entry that does not verify (for a gap: the first missing one). */
  seq: string;
  reason: BreakReason;
  message: string;
}

/** A position in the chain: the entry at `seq` hashes to `hash` (seq 0 is genesis). */
export interface ChainPoint {
  seq: bigint;
  hash: string;
}

export const GENESIS: ChainPoint = { seq: 0n, hash: GENESIS_HASH };

export type ChainRow = StoredEntry & { prevHash: string; hash: string };

export function short(hash: string): string {
  return hash.slice(0, 12);
}

export class ChainWalk {
  private head: ChainPoint;
  private before?: ChainPoint;
  private verified = 0;

  constructor(start: ChainPoint = GENESIS) {
    this.head = start;
  }

  /** The last entry that verified (the start point before any). */
  get position(): ChainPoint {
    return this.head;
  }

  /** The entry the last verified one links to, once one verified: where a later walk starts to check that entry again. */
  get previous(): ChainPoint | undefined {
    return this.before;
  }

  /** How many entries verified since the start point. */
  get entries(): number {
    return this.verified;
  }

  /** Checks the next row; returns why it breaks the chain, or undefined and moves on. */
  step(row: ChainRow): BrokenEntry | undefined {
    const expected = this.head.seq + 1n;
    if (row.seq > expected) {
      const missing = row.seq - expected === 1n ? `entry ${expected} is missing` : `entries ${expected} to ${row.seq - 1n} are missing`;
      return { seq: expected.toString(), reason: 'sequence-gap', message: `${missing} (the next entry is ${row.seq}): entries were deleted` };
    }
    if (row.seq < expected) {
      return { seq: row.seq.toString(), reason: 'reordered', message: `entry ${row.seq} comes after entry ${this.head.seq}: entries were reordered` };
    }
    if (row.prevHash !== this.head.hash) {
      return {
        seq: row.seq.toString(),
        reason: 'prev-hash-mismatch',
        message: `entry ${row.seq} does not link to entry ${this.head.seq}: its prevHash is ${short(row.prevHash)}…, entry ${this.head.seq} hashes to ${short(this.head.hash)}…`,
      };
    }
    const hash = chainHash(this.head.hash, chainedEntryOf(row));
    if (hash !== row.hash) {
      return {
        seq: row.seq.toString(),
        reason: 'hash-mismatch',
        message: `entry ${row.seq} was altered: its content hashes to ${short(hash)}…, its stored hash is ${short(row.hash)}…`,
      };
    }
    this.before = this.head;
    this.head = { seq: row.seq, hash };
    this.verified += 1;
    return undefined;
  }
}
