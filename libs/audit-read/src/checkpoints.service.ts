import { Injectable, Logger } from '@nestjs/common';
import { Actor, AuditService } from '@killswitch/audit';
import { AuditCheckpoint, DEFAULT_PAGE_SIZE, PageQuery, PrismaService, ReadReplica, decodeCursor, toPage } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { metricsRegistry } from '@killswitch/metrics';
import { enqueue } from '@killswitch/queue';
import { SigningKeysService } from '@killswitch/snapshots';
import { Counter } from 'prom-client';
import { ChainVerifier } from './chain-verifier.service';
import { recordChainVerdict } from './chain-verify-metrics';
import { ChainPoint, GENESIS } from './chain-walk';
import { CheckpointExport, ExportedCheckpoint } from './checkpoint-export';
import { CheckpointClaims, signCheckpoint } from './checkpoint-token';
import { CheckpointPage, CheckpointView } from './dto/checkpoint.dto';

/** Checkpoints refused because the chain does not hold (truncated below the last one, rewritten, broken): each one is an alert. */
export const checkpointRefusals = new Counter({
  name: 'killswitch_audit_checkpoint_refusals_total',
  help: 'Audit checkpoints refused because the chain did not verify, by reason (below-checkpoint: its tail was deleted)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

const SCHEDULER: Actor = { type: 'system', label: 'system:audit-checkpoints' };
const ID = /^[1-9]\d{0,18}$/;

/**
 * Signed checkpoints `{ seq, headHash, at }` of the audit chain: stored in
 * audit_checkpoints and appended to the export file outside the database.
 * A checkpoint is signed only for a chain that verifies, from the previous
 * checkpoint (or genesis) up to the head it names.
 */
@Injectable()
export class CheckpointsService {
  private readonly logger = new Logger(CheckpointsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly verifier: ChainVerifier,
    private readonly keys: SigningKeysService,
    private readonly exporter: CheckpointExport,
    /** The list may be a moment stale; signing a checkpoint reads the primary. */
    private readonly replica: ReadReplica,
  ) {}

  /** A checkpoint of the current head, on request. */
  create(actor: Actor, requestId?: string): Promise<CheckpointView> {
    return this.checkpointHead(actor, requestId);
  }

  /**
   * The periodic checkpoint. Skipped (undefined) when nothing but the last
   * checkpoint's own audit entry was appended since it: a quiet system does
   * not grow its log by one entry every interval.
   */
  async createScheduled(): Promise<CheckpointView | undefined> {
    const last = await this.prisma.auditCheckpoint.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } });
    if (last && (await this.verifier.headSeq()) <= last.seq + 1n) return undefined;
    return this.checkpointHead(SCHEDULER);
  }

  async list(query: PageQuery): Promise<CheckpointPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(query.cursor, ID);
    const rows = await this.replica.read((db) =>
      db.auditCheckpoint.findMany({ where: key === undefined ? {} : { id: { lt: BigInt(key) } }, orderBy: { id: 'desc' }, take: limit + 1 }),
    );
    const page = toPage(rows, limit, (row) => row.id.toString());
    return { items: page.items.map(checkpointView), nextCursor: page.nextCursor };
  }

  private async checkpointHead(actor: Actor, requestId?: string): Promise<CheckpointView> {
    const head: ChainPoint = (await this.prisma.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } })) ?? GENESIS;
    // A head below the latest checkpoint means the chain's tail was deleted: signing it would bless the shorter chain.
    const latest = await this.verifier.latestCheckpoint();
    if (latest && head.seq < latest.seq) {
      const broken = await this.verifier.checkpointProblem(latest, head);
      checkpointRefusals.inc({ reason: 'below-checkpoint' });
      recordChainVerdict(false);
      this.logger.error(`audit chain below its latest checkpoint, no checkpoint signed: ${broken?.message ?? ''}`);
      throw new AppError(
        'conflict',
        `the audit chain ends below the latest signed checkpoint (${broken?.message ?? ''}); no checkpoint was signed`,
        undefined,
        'audit_chain_truncated',
      );
    }
    // Verified outside the writers' lock (a long chain must not hold up kills); entries appended meanwhile wait for the next checkpoint.
    const anchor = await this.prisma.auditCheckpoint.findFirst({ where: { seq: { lte: head.seq } }, orderBy: { seq: 'desc' } });
    const verdict = await this.verifier.verify({ from: anchor ? { seq: anchor.seq, hash: anchor.headHash } : GENESIS, upTo: head.seq });
    if (!verdict.ok || verdict.head.hash !== head.hash) {
      const broken = verdict.firstBroken;
      checkpointRefusals.inc({ reason: broken?.reason ?? 'head-moved' });
      this.logger.error(`audit chain broken, no checkpoint signed: ${broken?.message ?? 'the head changed while it was verified'}`);
      throw new AppError(
        'conflict',
        `the audit chain does not verify (${broken ? `entry ${broken.seq}, ${broken.reason}: ${broken.message}` : 'its head changed'}); no checkpoint was signed`,
        undefined,
        'audit_chain_broken',
      );
    }
    // Sign with the key current now, even when another process rotated since this one loaded its keys.
    await this.keys.refresh();
    const key = this.keys.activeKey();
    const at = new Date();
    const claims: CheckpointClaims = { seq: head.seq.toString(), headHash: head.hash, at: at.toISOString() };
    const jws = signCheckpoint(key, claims);
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.auditCheckpoint.create({ data: { seq: head.seq, headHash: head.hash, at, kid: key.kid, signature: jws } });
      await this.audit.record(
        tx,
        { actor, requestId },
        {
          action: 'audit.checkpoint',
          target: { type: 'audit-checkpoint', id: row.id.toString() },
          after: { seq: claims.seq, headHash: claims.headHash, kid: key.kid },
        },
      );
      await enqueue(tx, 'audit.checkpoint-signed', {
        at: claims.at,
        checkpointId: row.id.toString(),
        seq: claims.seq,
        headHash: claims.headHash,
        kid: key.kid,
      });
      // Exported last, under the writers' lock that append() took: lines land in order, and a
      // failed export rolls the checkpoint back, so the database never shows one that is not outside it.
      await this.export({ ...claims, kid: key.kid, jws });
      return checkpointView(row);
    });
  }

  private async export(line: ExportedCheckpoint): Promise<void> {
    try {
      await this.exporter.append(line);
    } catch (error) {
      this.logger.error(`cannot append the audit checkpoint to ${this.exporter.file}: ${(error as Error).message}`);
      throw new AppError('unavailable', 'the audit checkpoint could not be exported; nothing was recorded');
    }
  }
}

export function checkpointView(row: AuditCheckpoint): CheckpointView {
  return { id: row.id.toString(), seq: row.seq.toString(), headHash: row.headHash, at: row.at, kid: row.kid, signature: row.signature };
}
