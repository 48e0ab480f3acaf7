import { Injectable } from '@nestjs/common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PrismaService } from '@killswitch/db';
import { BrokenEntry, ChainPoint, ChainWalk, GENESIS, short } from './chain-walk';
import { chainWalks, recordChainVerdict } from './chain-verify-metrics';

/** Entries read per query: memory stays flat however long the chain is. */
export const VERIFY_BATCH_SIZE = 1000;
/**
 * Entries hashed between two turns of the event loop: hashing is synchronous, and a batch hashed in one go would
 * hold up every device poll of this process for its whole length.
 */
export const VERIFY_SLICE = 100;

export interface ChainVerdict {
  ok: boolean;
  /** Entries verified after the start point, before the first broken one. */
  entries: number;
  /** The last entry verified (genesis, seq 0, when none). */
  head: ChainPoint;
  /** The entry `head` links to, when this walk verified at least one entry. */
  previous?: ChainPoint;
  firstBroken?: BrokenEntry;
}

export interface VerifyOptions {
  /** A point already trusted (a checkpoint); genesis by default. Its entry must still carry its hash. */
  from?: ChainPoint;
  /** The last entry to verify; the head when verification starts by default. */
  upTo?: bigint;
}

/**
 * Recomputes the hash chain from the database, in keyset batches, and names
 * the first entry that breaks it. Reads without the writers' lock: entries
 * appended meanwhile lie past `upTo` and are left for the next run. Reads the
 * primary, never the read replica: a replica behind the point a walk starts
 * from would look like a chain whose entries were deleted.
 */
@Injectable()
export class ChainVerifier {
  constructor(private readonly prisma: PrismaService) {}

  /** Verifies, and records the verdict in /metrics (killswitch_audit_chain_verify_failed). */
  async verify(options: VerifyOptions = {}): Promise<ChainVerdict> {
    chainWalks.inc({ kind: (options.from ?? GENESIS).seq === 0n ? 'full' : 'incremental' });
    const verdict = await this.walk(options);
    recordChainVerdict(verdict.ok);
    return verdict;
  }

  private async walk(options: VerifyOptions): Promise<ChainVerdict> {
    const from = options.from ?? GENESIS;
    const upTo = options.upTo ?? (await this.headSeq());
    const walk = new ChainWalk(from);
    const anchorBroken = await this.checkAnchor(from);
    if (anchorBroken) return { ok: false, entries: 0, head: from, firstBroken: anchorBroken };

    let after = from.seq;
    while (after < upTo) {
      const rows = await this.prisma.auditEntry.findMany({ where: { seq: { gt: after, lte: upTo } }, orderBy: { seq: 'asc' }, take: VERIFY_BATCH_SIZE });
      if (rows.length === 0) break;
      for (const [index, row] of rows.entries()) {
        if (index > 0 && index % VERIFY_SLICE === 0) await yieldToEventLoop();
        const broken = walk.step(row);
        if (broken) return { ok: false, entries: walk.entries, head: walk.position, firstBroken: await this.explain(broken, row.prevHash) };
      }
      after = rows[rows.length - 1].seq;
    }
    if (walk.position.seq < upTo) {
      // Only when upTo was given: the entries it names are gone from the end of the chain.
      const firstBroken: BrokenEntry = {
        seq: (walk.position.seq + 1n).toString(),
        reason: 'sequence-gap',
        message: `the chain ends at entry ${walk.position.seq}, before entry ${upTo}: entries were deleted`,
      };
      return { ok: false, entries: walk.entries, head: walk.position, firstBroken };
    }
    return { ok: true, entries: walk.entries, head: walk.position, ...(walk.previous ? { previous: walk.previous } : {}) };
  }

  /** The checkpoint with the highest seq (the latest one signed), if any. */
  async latestCheckpoint(): Promise<{ id: bigint; seq: bigint; headHash: string } | null> {
    return this.prisma.auditCheckpoint.findFirst({ orderBy: [{ seq: 'desc' }, { id: 'desc' }], select: { id: true, seq: true, headHash: true } });
  }

  /** Why a chain whose head is `head` does not hold the checkpoint, or undefined when it does. */
  async checkpointProblem(checkpoint: { id: bigint; seq: bigint; headHash: string }, head: ChainPoint): Promise<BrokenEntry | undefined> {
    if (head.seq < checkpoint.seq) {
      return {
        seq: (head.seq + 1n).toString(),
        reason: 'below-checkpoint',
        message: `the chain ends at entry ${head.seq}, below entry ${checkpoint.seq} that signed checkpoint ${checkpoint.id} covers: entries were deleted from its end`,
      };
    }
    const hash = (await this.hashesAt([checkpoint.seq])).get(checkpoint.seq);
    if (hash !== checkpoint.headHash) {
      return {
        seq: checkpoint.seq.toString(),
        reason: 'checkpoint-mismatch',
        message: `entry ${checkpoint.seq} hashes to ${short(hash ?? '')}…, signed checkpoint ${checkpoint.id} signed ${short(checkpoint.headHash)}…: the chain was rewritten`,
      };
    }
    return undefined;
  }

  /** The highest seq now (0 for an empty log). */
  async headSeq(): Promise<bigint> {
    return (await this.head()).seq;
  }

  /** The newest entry and the hash it stores (genesis for an empty log), not verified. */
  async head(): Promise<ChainPoint> {
    return (await this.prisma.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } })) ?? GENESIS;
  }

  /** The stored hashes of these entries (missing ones are absent; seq 0 is genesis). */
  async hashesAt(seqs: bigint[]): Promise<Map<bigint, string>> {
    const rows = await this.prisma.auditEntry.findMany({ where: { seq: { in: seqs.filter((seq) => seq > 0n) } }, select: { seq: true, hash: true } });
    const hashes = new Map(rows.map((row) => [row.seq, row.hash]));
    if (seqs.includes(0n)) hashes.set(0n, GENESIS.hash);
    return hashes;
  }

  /** A checkpoint is a starting point only while its entry still carries the hash it signed. */
  private async checkAnchor(from: ChainPoint): Promise<BrokenEntry | undefined> {
    if (from.seq === 0n) return undefined;
    const row = await this.prisma.auditEntry.findUnique({ where: { seq: from.seq }, select: { hash: true } });
    if (!row)
      return { seq: from.seq.toString(), reason: 'sequence-gap', message: `entry ${from.seq}, named by a checkpoint, is missing: entries were deleted` };
    if (row.hash !== from.hash) {
      return {
        seq: from.seq.toString(),
        reason: 'checkpoint-mismatch',
        message: `entry ${from.seq} hashes to ${short(row.hash)}…, its checkpoint signed ${short(from.hash)}…: the chain was rewritten`,
      };
    }
    return undefined;
  }

  /** A broken link to an entry further on means rows were moved, not edited: say so. */
  private async explain(broken: BrokenEntry, prevHash: string): Promise<BrokenEntry> {
    if (broken.reason !== 'prev-hash-mismatch') return broken;
    const linked = await this.prisma.auditEntry.findUnique({ where: { hash: prevHash }, select: { seq: true } });
    if (!linked || linked.seq < BigInt(broken.seq)) return broken;
    return { seq: broken.seq, reason: 'reordered', message: `entry ${broken.seq} links to entry ${linked.seq}, which comes after it: entries were reordered` };
  }
}
