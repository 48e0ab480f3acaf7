import { Injectable } from '@nestjs/common';
import { Prisma, Tx } from '@killswitch/db';
import { Actor, AuditInput, ChainedEntry, GENESIS_HASH, chainHash } from './audit-entry';

/** Serialises audit writers across every process: one chain, no forks. */
export const AUDIT_LOCK_KEY = 727_001;

/** JSON columns take plain JSON: dates become strings, undefined disappears. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** Who is acting and under which request: a RequestContext, or a system step's own actor. */
export interface AuditContext {
  actor: Actor;
  requestId?: string;
}

/** An entry without its actor and request id, which come from the context. */
export type AuditRecord = Omit<AuditInput, 'actor' | 'requestId'>;

@Injectable()
export class AuditService {
  /** Appends what `ctx` did (its actor and request id), inside the caller's transaction. */
  record(tx: Tx, ctx: AuditContext, entry: AuditRecord): Promise<{ seq: bigint; hash: string }> {
    return this.append(tx, { ...entry, actor: ctx.actor, requestId: ctx.requestId });
  }

  /**
   * Appends one entry inside the caller's transaction, so the entry exists if
   * and only if the change it records does.
   */
  async append(tx: Tx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
    const head = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
    const seq = (head?.seq ?? 0n) + 1n;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const at = new Date();
    const entry: ChainedEntry = {
      seq: seq.toString(),
      at: at.toISOString(),
      actorType: input.actor.type,
      actorId: input.actor.id ?? null,
      actor: input.actor.label,
      action: input.action,
      outcome: input.outcome ?? 'ok',
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      before: toJson(input.before),
      after: toJson(input.after),
      reason: input.reason ?? null,
      requestId: input.requestId ?? null,
      ...(input.count === undefined ? {} : { count: input.count }),
    };
    const hash = chainHash(prevHash, entry);
    await tx.auditEntry.create({
      data: {
        ...entry,
        seq,
        at,
        before: entry.before === null ? Prisma.DbNull : (entry.before as Prisma.InputJsonValue),
        after: entry.after === null ? Prisma.DbNull : (entry.after as Prisma.InputJsonValue),
        prevHash,
        hash,
      },
    });
    return { seq, hash };
  }
}
