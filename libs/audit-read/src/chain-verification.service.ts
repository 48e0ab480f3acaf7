import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { ChainPoint, GENESIS } from './chain-walk';
import { ChainVerdict, ChainVerifier } from './chain-verifier.service';
import { recordChainVerdict } from './chain-verify-metrics';

/** The chain from genesis up to `point` verified by this process: by a full walk `fullAt`, then walks from there on. */
interface Verified {
  point: ChainPoint;
  /** The entry `point` links to: the next walk starts there, so it checks `point`'s content again, not only its stored hash. */
  previous: ChainPoint;
  /** Entries from genesis to `point` (a chain that verifies has one entry a seq). */
  entries: number;
  fullAt: number;
}

interface Walk {
  full: boolean;
  verdict: Promise<ChainVerdict>;
}

/**
 * GET /v1/audit/verify, kept cheap however often it is asked. Entries are
 * append-only and chained, so once this process verified the chain up to
 * entry N, only N+1.. needs walking, after checking that entry N still stores
 * the hash it was verified with (a rewrite of N, or of anything before it that
 * was made to link up again, changes it). The walk starts at N-1, whose stored
 * hash is checked the same way, so N's content is hashed again too. Concurrent
 * callers share one walk; a head that has not moved since the last walk gives
 * the same verdict without one.
 *
 * What an incremental walk cannot see is an entry before N rewritten by
 * someone holding the database (triggers disabled) without touching N's
 * stored hash: a full walk from genesis catches it, made when the last one is
 * older than AUDIT_VERIFY_FULL_INTERVAL_SEC, on `?full=true`, and whenever an
 * incremental walk finds anything wrong (so a broken chain is always named
 * from genesis). One walk at a time: a full one asked during an incremental
 * one starts after it; callers asking while a full one runs share it.
 *
 * Every verdict, cached or not, is checked against the latest signed
 * checkpoint: the chain must reach it and still carry its hash there.
 */
@Injectable()
export class ChainVerification {
  private verified?: Verified;
  /** The last verdict that held, and the head it was reached at: the answer until the head moves. */
  private last?: { head: ChainPoint; verdict: ChainVerdict };
  private running?: Walk;
  private readonly fullIntervalMs: number;

  constructor(
    private readonly verifier: ChainVerifier,
    config: EnvConfig,
  ) {
    this.fullIntervalMs = config.AUDIT_VERIFY_FULL_INTERVAL_SEC * 1000;
  }

  /** The chain verified from genesis to its head (`full`: walked from genesis now), then held against the latest checkpoint. */
  async verify(options: { full?: boolean } = {}): Promise<ChainVerdict> {
    const full = options.full === true;
    for (;;) {
      const running = this.running;
      if (!running) break;
      if (running.full || !full) return running.verdict;
      await running.verdict.catch(() => undefined);
    }
    const verdict = this.run(full).finally(() => {
      if (this.running?.verdict === verdict) this.running = undefined;
    });
    this.running = { full, verdict };
    return verdict;
  }

  private async run(full: boolean): Promise<ChainVerdict> {
    const head = await this.verifier.head();
    const verdict = await this.chainUpTo(head, full);
    if (!verdict.ok) {
      this.forget();
      return verdict;
    }
    this.last = { head, verdict };
    const latest = await this.verifier.latestCheckpoint();
    const broken = latest ? await this.verifier.checkpointProblem(latest, verdict.head) : undefined;
    if (!broken) return verdict;
    // The chain verifies on its own but not against what was signed: nothing it verified can be trusted.
    this.forget();
    recordChainVerdict(false);
    return { ...verdict, ok: false, firstBroken: broken };
  }

  private async chainUpTo(head: ChainPoint, full: boolean): Promise<ChainVerdict> {
    const verified = this.verified;
    const due = !verified || Date.now() - verified.fullAt >= this.fullIntervalMs;
    if (full || due || !verified) return this.walkFromGenesis(head);
    if (this.last && sameEntry(this.last.head, head)) return this.last.verdict;
    if (head.seq < verified.point.seq) return this.walkFromGenesis(head); // entries were deleted: say which, from genesis
    // From the entry before the last verified one (none while nothing was verified: genesis).
    const [from, before] = verified.point.seq > 0n ? [verified.previous, verified.entries - 1] : [verified.point, 0];
    const walk = await this.verifier.verify({ from, upTo: head.seq });
    if (!walk.ok) return this.walkFromGenesis(head);
    const entries = before + walk.entries;
    this.verified = { ...verified, point: walk.head, previous: walk.previous ?? verified.previous, entries };
    return { ...walk, entries };
  }

  private async walkFromGenesis(head: ChainPoint): Promise<ChainVerdict> {
    const fullAt = Date.now();
    const verdict = await this.verifier.verify({ upTo: head.seq });
    if (verdict.ok) this.verified = { point: verdict.head, previous: verdict.previous ?? GENESIS, entries: verdict.entries, fullAt };
    return verdict;
  }

  private forget(): void {
    this.verified = undefined;
    this.last = undefined;
  }
}

function sameEntry(a: ChainPoint, b: ChainPoint): boolean {
  return a.seq === b.seq && a.hash === b.hash;
}
