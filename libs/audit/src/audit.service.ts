import { Injectable } from '@nestjs/common';
import { Prisma, SqlTx, Tx, sqlTx } from '@killswitch/db';
import { Actor, AuditInput, ChainedEntry, GENESIS_HASH, canonicalAroundSeq } from './audit-entry';

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

/** What a statement writes beside its audit entry: INSERTs (run as CTEs) and expressions it evaluates once (a pg_notify). */
export interface AlongsideEntry {
  writes: Prisma.Sql[];
  selects: Prisma.Sql[];
}

/** Takes the chain's lock, held to the end of the transaction: an SQL expression, to run in the statement of another lock. */
export const LOCK_AUDIT_CHAIN = Prisma.sql`pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;

const NOTHING_ALONGSIDE: AlongsideEntry = { writes: [], selects: [] };

@Injectable()
export class AuditService {
  /**
   * Prisma transaction clients that took the chain's lock in append(): it is held to the end of their transaction, so a
   * later append in one need not take it again. A transaction client is one transaction's (Prisma makes a new one for
   * each $transaction), and is let go with it. Two uses would break this, and none is made: a nested $transaction (a
   * savepoint) that takes the lock and is rolled back, which releases it while its client stays marked; and the root
   * client passed as a `tx`, which holds no transaction at all. Either would at worst fail an append on the seq's key,
   * never fork the chain.
   */
  private readonly holding = new WeakSet<Tx>();

  /** Appends what `ctx` did (its actor and request id), inside the caller's transaction. */
  record(tx: Tx, ctx: AuditContext, entry: AuditRecord): Promise<{ seq: bigint; hash: string }> {
    return this.append(tx, { ...entry, actor: ctx.actor, requestId: ctx.requestId });
  }

  /**
   * Appends one entry inside the caller's transaction, so the entry exists if
   * and only if the change it records does.
   */
  async append(tx: Tx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
    // The lock once a transaction: its later entries (an alert storm's notification writes two an alert) are one
    // statement each.
    if (!this.holding.has(tx)) {
      await tx.$executeRaw`SELECT ${LOCK_AUDIT_CHAIN}`;
      this.holding.add(tx);
    }
    return this.insert(sqlTx(tx), input, NOTHING_ALONGSIDE);
  }

  /**
   * record() and the caller's other writes in one statement, one round trip: the statement reads the chain's head,
   * and the database hashes the entry (sha256 over the same canonical form, see canonicalAroundSeq). Only in a
   * transaction that took LOCK_AUDIT_CHAIN in an earlier statement, so the head it reads is the last committed one
   * (without the lock a concurrent append would make it fail on the seq's key, never fork the chain).
   */
  recordWith(tx: SqlTx, ctx: AuditContext, record: AuditRecord, alongside: AlongsideEntry): Promise<{ seq: bigint; hash: string }> {
    return this.insert(tx, { ...record, actor: ctx.actor, requestId: ctx.requestId }, alongside);
  }

  /** The one statement of append() and recordWith(): reads the head, writes the entry hashed in the database, and what goes alongside. */
  private async insert(tx: SqlTx, input: AuditInput, alongside: AlongsideEntry): Promise<{ seq: bigint; hash: string }> {
    const at = new Date();
    const entry = unchained(input, at);
    const { head, tail } = canonicalAroundSeq(entry);
    const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
    const writes = alongside.writes.map((write, i) => Prisma.sql`, ${Prisma.raw(`w${i}`)} AS (${write})`);
    // As text: a pg_notify is void, which the driver cannot read back.
    const selects = alongside.selects.map((select, i) => Prisma.sql`, (${select})::text AS ${Prisma.raw(`s${i}`)}`);
    const [row] = await tx.query<{ seq: string; hash: string }>(Prisma.sql`
      WITH head AS (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1),
      prev AS (SELECT COALESCE((SELECT seq FROM head), 0) + 1 AS seq, COALESCE((SELECT hash FROM head), ${GENESIS_HASH}::text) AS hash),
      entry AS (
        INSERT INTO audit_log (seq, at, "actorType", "actorId", actor, action, outcome, "targetType", "targetId", before, after, reason, "requestId", count, "prevHash", hash)
        SELECT prev.seq, ${entry.at}::timestamptz, ${entry.actorType}, ${entry.actorId}, ${entry.actor}, ${entry.action}, ${entry.outcome},
          ${entry.targetType}, ${entry.targetId}, ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb, ${entry.reason}, ${entry.requestId},
          ${entry.count ?? null}::int, prev.hash, encode(sha256(convert_to(prev.hash || ${head}::text || prev.seq::text || ${tail}::text, 'UTF8')), 'hex')
        FROM prev RETURNING seq, hash)${writes.length ? Prisma.join(writes, '') : Prisma.empty}
      SELECT seq::text AS seq, hash${selects.length ? Prisma.join(selects, '') : Prisma.empty} FROM entry`);
    return { seq: BigInt(row.seq), hash: row.hash };
  }
}

/** An entry's hashed fields but its seq, as the chain stores them (JSON columns as plain JSON). */
function unchained(input: AuditInput, at: Date): Omit<ChainedEntry, 'seq'> {
  return {
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
}
