import { Injectable } from '@nestjs/common';
import { AuditEntry, DEFAULT_PAGE_SIZE, Prisma, ReadReplica, decodeCursor, toPage } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { AuditEntryView, AuditListQuery, AuditPage } from './dto/audit-log.dto';

const SEQ = /^[1-9]\d{0,18}$/;

/**
 * Reads the audit log, newest first, by keyset on seq (each filter has a (column, seq) index).
 * From the read replica when there is one: a page may miss the last moment's entries, never alter one.
 */
@Injectable()
export class AuditLogService {
  constructor(private readonly replica: ReadReplica) {}

  async list(query: AuditListQuery): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const before = seqOfCursor(query.cursor);
    const where: Prisma.AuditEntryWhereInput = {
      action: query.action,
      actorId: query.actorId,
      targetType: query.targetType,
      targetId: query.targetId,
      outcome: query.outcome,
      ...timeRange(query.from, query.to),
      ...(before !== undefined ? { seq: { lt: before } } : {}),
    };
    const rows = await this.replica.read((db) => db.auditEntry.findMany({ where, orderBy: { seq: 'desc' }, take: limit + 1 }));
    const page = toPage(rows, limit, (row) => row.seq.toString());
    return { items: page.items.map(auditEntryView), nextCursor: page.nextCursor };
  }
}

function seqOfCursor(cursor: string | undefined): bigint | undefined {
  const key = decodeCursor(cursor, SEQ);
  return key === undefined ? undefined : BigInt(key);
}

function timeRange(from: string | undefined, to: string | undefined): Prisma.AuditEntryWhereInput {
  const gte = from === undefined ? undefined : new Date(from);
  const lt = to === undefined ? undefined : new Date(to);
  if (gte && lt && gte >= lt) throw new AppError('invalid_input', 'from must be before to');
  return gte || lt ? { at: { gte, lt } } : {};
}

export function auditEntryView(row: AuditEntry): AuditEntryView {
  return {
    seq: row.seq.toString(),
    at: row.at,
    actorType: row.actorType,
    actorId: row.actorId,
    actor: row.actor,
    action: row.action,
    outcome: row.outcome,
    targetType: row.targetType,
    targetId: row.targetId,
    before: row.before,
    after: row.after,
    reason: row.reason,
    requestId: row.requestId,
    count: row.count ?? 1,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
