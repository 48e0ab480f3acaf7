/**
 * "A rule changed": the one owner of what every change to the enforced rules
 * writes, whatever made it (a kill, a lift stage by approval, advance, the
 * stage timer or break glass, an abort that re-imposes the kill). In the
 * caller's transaction, in this order: the revision, the kill switch's own
 * rows (the caller's `write`), the revocation, the audit entry, the incident
 * timeline entry, one domain event in the outbox (which starts the fan-out,
 * see EVENT_JOBS) and the NOTIFY that makes every API instance reload its
 * rules. So they all exist, or none does.
 */
import type { AuditContext, AuditRecord } from '@killswitch/audit';
import { AuditService } from '@killswitch/audit';
import { TimelineEntryType, Tx, notifyChange } from '@killswitch/db';
import { Scope } from '@killswitch/evaluation';
import { appendTimeline } from '@killswitch/incidents';
import { DomainEvents, EventBase, KillRef, enqueue } from '@killswitch/queue';
import { bumpRevision } from './revision';

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
   * The kill switch's (and lift request's) own rows, at the new revision; before the revocation, which references
   * the kill. Returns the kill switch's id (a new kill's id is the database's, time-ordered).
   */
  write(rev: bigint | null): Promise<string>;
  audit(committed: Committed): AuditRecord;
  timeline(committed: Committed): { type: TimelineEntryType; body: string; refs: Record<string, unknown> };
  event: N;
  /** The event's payload; `base` (when, who, the request, the kill) is spread into it by the caller, so its type is checked there. */
  payload(committed: Committed, base: EventBase & KillRef): DomainEvents[N];
}

export async function commitRuleChange<N extends RuleChangeEvent>(tx: Tx, audit: AuditService, change: RuleChange<N>): Promise<Committed> {
  const enforce = change.enforce;
  const rev = enforce ? await bumpRevision(tx) : null;
  const killSwitchId = await change.write(rev);
  let revocationId: string | null = null;
  if (enforce && rev !== null) {
    const rows = 'target' in enforce ? { target: enforce.target } : { target: 0, bucketFrom: enforce.bucketFrom, bucketTo: enforce.bucketTo };
    revocationId = (await tx.revocation.create({ data: { killSwitchId, kind: enforce.kind, rev, ...rows }, select: { id: true } })).id;
  }
  const committed: Committed = { killSwitchId, rev, revocationId };
  await audit.record(tx, change.by, change.audit(committed));
  if (change.kill.incidentId) await appendTimeline(tx, { incidentId: change.kill.incidentId, actor: change.by.actor, ...change.timeline(committed) });
  const base: EventBase & KillRef = {
    at: new Date().toISOString(),
    actor: change.by.actor,
    requestId: change.by.requestId ?? null,
    killSwitchId,
    incidentId: change.kill.incidentId,
    scope: change.kill.scope,
  };
  await enqueue(tx, change.event, change.payload(committed, base));
  if (rev !== null) await notifyChange(tx, { kind: 'rules', rev: rev.toString(), killSwitchId });
  return committed;
}
