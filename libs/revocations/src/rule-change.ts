/**
 * "A rule changed": the one owner of what every change to the enforced rules
 * writes, whatever made it (a kill, a lift stage by approval, advance, the
 * stage timer or break glass, an abort that re-imposes the kill). In the
 * caller's transaction, in this order: the revision, the kill switch's own
 * rows (the caller's `write`), the revocation, the audit entry, the incident
 * timeline entry, one domain event in the outbox (which starts the fan-out,
 * see EVENT_JOBS) and the NOTIFY that makes every API instance reload its
 * rules. So they all exist, or none does.
 *
 * The statements are raw SQL (SqlTx): a kill made on its own runs them on a pooled connection directly, a caller
 * with Prisma writes of its own in a Prisma transaction (sqlTx), the same statements either way.
 *
 * Round trips are what a change costs: the revision's row lock serialises every
 * rule change, so each statement sent while it is held delays every kill queued
 * behind it. One statement raises the revision and takes the audit chain's lock;
 * one more (after the caller's own writes, if it sends any) writes everything
 * else; then the commit.
 */
import type { AuditContext, AuditRecord } from '@killswitch/audit';
import { AuditService } from '@killswitch/audit';
import { Prisma, SqlTx, TimelineEntryType, notifySql, uuidv7 } from '@killswitch/db';
import { Scope } from '@killswitch/evaluation';
import { timelineEntrySql } from '@killswitch/incidents';
import { DomainEvents, EventBase, KillRef, enqueueSql } from '@killswitch/queue';
import { lockRuleChange } from './revision';

export type RuleChangeEvent = 'kill.created' | 'lift.stage-advanced' | 'lift.aborted';

/**
 * What devices are told, as a revocation: every device in scope (a kill), or only those
 * whose release bucket is in [bucketFrom, bucketTo) (a lift step, or an abort re-imposing
 * the kill on the devices it had released). Null: devices see no change (an abort before
 * any device was released): no revision, revocation or NOTIFY.
 */
export type Enforcement = { kind: 'kill'; target: number } | { kind: 'kill' | 'lift'; bucketFrom: number; bucketTo: number } | null;

/** What the commit made, for the caller's audit entry, timeline entry and event. */
export interface Committed {
  killSwitchId: string;
  rev: bigint | null;
  revocationId: string | null;
}

export interface RuleChange<N extends RuleChangeEvent> {
  by: AuditContext;
  kill: { incidentId: string | null; scope: Scope };
  enforce: Enforcement;
  /**
   * The kill switch's (and lift request's) own rows, at the new revision. Either written at once (returns the kill
   * switch's id), or, for a new kill, its INSERT to run in the change's one statement with the revocation that
   * references it (its id made here, time-ordered: uuidv7).
   */
  write(rev: bigint | null): Promise<string> | { killSwitchId: string; insert: Prisma.Sql };
  audit(committed: Committed): AuditRecord;
  timeline(committed: Committed): { type: TimelineEntryType; body: string; refs: Record<string, unknown> };
  event: N;
  /** The event's payload; `base` (when, who, the request, the kill) is spread into it by the caller, so its type is checked there. */
  payload(committed: Committed, base: EventBase & KillRef): DomainEvents[N];
}

export async function commitRuleChange<N extends RuleChangeEvent>(tx: SqlTx, audit: AuditService, change: RuleChange<N>): Promise<Committed> {
  const enforce = change.enforce;
  const rev = await lockRuleChange(tx, enforce !== null);
  const written = await change.write(rev);
  const { killSwitchId, insert } = typeof written === 'string' ? { killSwitchId: written, insert: undefined } : written;
  const writes: Prisma.Sql[] = insert ? [insert] : [];
  let revocationId: string | null = null;
  if (enforce && rev !== null) {
    revocationId = uuidv7();
    const [target, from, to] = 'target' in enforce ? [enforce.target, null, null] : [0, enforce.bucketFrom, enforce.bucketTo];
    writes.push(Prisma.sql`INSERT INTO revocations (id, "killSwitchId", kind, rev, target, "bucketFrom", "bucketTo", "createdAt")
      VALUES (${revocationId}::uuid, ${killSwitchId}::uuid, ${enforce.kind}::"RevocationKind", ${rev}::bigint, ${target}::int, ${from}::int, ${to}::int,
        ${new Date().toISOString()}::timestamptz)`);
  }
  const committed: Committed = { killSwitchId, rev, revocationId };
  if (change.kill.incidentId) writes.push(timelineEntrySql({ incidentId: change.kill.incidentId, actor: change.by.actor, ...change.timeline(committed) }));
  const base: EventBase & KillRef = {
    at: new Date().toISOString(),
    actor: change.by.actor,
    requestId: change.by.requestId ?? null,
    killSwitchId,
    incidentId: change.kill.incidentId,
    scope: change.kill.scope,
  };
  writes.push(enqueueSql(change.event, change.payload(committed, base)));
  const selects = rev === null ? [] : [notifySql({ kind: 'rules', rev: rev.toString(), killSwitchId })];
  await audit.recordWith(tx, change.by, change.audit(committed), { writes, selects });
  return committed;
}
