import { Injectable } from '@nestjs/common';
import { PrismaService } from '@killswitch/db';
import { AUDIT_ACTIONS, AuditAction } from './audit-action';
import { Actor } from './audit-entry';
import { AuditService } from './audit.service';

/** Only one folder at a time across every process; the others skip their turn. */
const FOLD_LOCK_KEY = 727_002;
/** A minute is folded this long after it ends, so an attempt counted at its last instant has committed. */
const GRACE_MS = 5_000;
/**
 * Entries appended per transaction: each batch holds the audit chain's lock,
 * so it is kept short for the state-changing writers waiting on it.
 */
const BATCH = 25;

interface RefusedRow {
  minute: Date;
  key: string;
  actorType: string;
  actorId: string | null;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  count: number;
  firstRequestId: string | null;
  firstAt: Date;
  lastAt: Date;
}

/**
 * Appends one chained audit entry for each principal, action, target and
 * reason refused in a closed minute, carrying the count and the first request
 * id, and removes the counted rows in the same transaction: a crash loses
 * nothing and counts nothing twice.
 */
@Injectable()
export class RefusalFolder {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Folds the minutes that have closed; returns the entries appended.
   * `includeOpenMinute` folds what the current minute has so far too (a later
   * attempt in it then starts a second entry): for tests and shutdown.
   */
  async fold(options: { includeOpenMinute?: boolean } = {}): Promise<number> {
    const cutoff = options.includeOpenMinute ? new Date(8.64e15) : new Date(Math.floor((Date.now() - GRACE_MS) / 60_000) * 60_000);
    let appended = 0;
    for (;;) {
      const batch = await this.prisma.$transaction(async (tx) => {
        const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${FOLD_LOCK_KEY}) AS locked`;
        if (!locked) return undefined;
        const rows = await tx.$queryRaw<RefusedRow[]>`
          DELETE FROM refused_attempts WHERE (minute, key) IN (
            SELECT minute, key FROM refused_attempts WHERE minute < ${cutoff} ORDER BY minute, "firstAt" LIMIT ${BATCH})
          RETURNING *`;
        rows.sort((a, b) => a.minute.getTime() - b.minute.getTime() || a.firstAt.getTime() - b.firstAt.getTime());
        for (const row of rows) {
          await this.audit.append(tx, {
            actor: { type: row.actorType as Actor['type'], ...(row.actorId ? { id: row.actorId } : {}), label: row.actor },
            action: storedAction(row.action),
            outcome: 'refused',
            target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : undefined,
            reason: row.reason ?? undefined,
            requestId: row.firstRequestId ?? undefined,
            count: row.count,
            after: { minute: row.minute, firstAt: row.firstAt, lastAt: row.lastAt },
          });
        }
        return rows.length;
      });
      if (batch === undefined) return appended;
      appended += batch;
      if (batch < BATCH) return appended;
    }
  }
}

/** A stored refusal's action, written by RefusalRecorder from an AuditAction: anything else is a corrupt row, not a new action. */
function storedAction(action: string): AuditAction {
  if (!(AUDIT_ACTIONS as readonly string[]).includes(action)) throw new Error(`refused_attempts holds an unknown audit action: ${action}`);
  return action as AuditAction;
}
