/**
 * Domain events: what happened, written to the outbox in the transaction of the change
 * (enqueue in outbox.ts), so an event exists if and only if its change committed. The
 * outbox relay turns each event into the jobs that hang on it (EVENT_JOBS); the coming
 * outbound webhooks hang on the same events. Every payload is complete on its own: ids,
 * the incident, the scope, counts and who did it, so a consumer never reads back.
 *
 * | event                      | written by                                   | jobs it starts                         |
 * | -------------------------- | -------------------------------------------- | -------------------------------------- |
 * | kill.created               | commitRuleChange (a kill)                    | revocation.fanout, audit.checkpoint    |
 * | lift.requested             | LiftRequestsService (also a break glass)     | none yet                               |
 * | lift.approved              | LiftDecisionsService                         | none yet                               |
 * | lift.rejected              | LiftDecisionsService                         | none yet                               |
 * | lift.stage-advanced        | commitRuleChange (approve, advance, timer, break glass; `lifted` on the last stage) | revocation.fanout, audit.checkpoint |
 * | lift.aborted               | commitRuleChange (abort: the kill re-imposed)| revocation.fanout when devices were released, audit.checkpoint |
 * | revocation.milestone       | ProgressService (50/90/99/100 % acknowledged)| none yet                               |
 * | incident.opened            | CreateIncidentService                        | none yet                               |
 * | incident.status-changed    | UpdateIncidentService                        | none yet                               |
 * | signing-key.rotated        | SigningKeysService.rotate                    | none yet                               |
 * | audit.checkpoint-signed    | CheckpointsService                           | none yet                               |
 * | signal.received            | SignalIntakeService (every alert, firing or resolved, that names a scope) | none yet   |
 * | proposal.created           | SignalIntakeService (a new proposal: open, invalid or auto-killed)        | none yet   |
 * | webhook.delivery-requested | WebhookDeliveriesService (a test send, a retry) | webhook.deliver (test), webhook.retry (retry) |
 * | webhook.disabled           | WebhookAttemptsService (failing for WEBHOOK_RETRY_WINDOW_SEC) | none (webhooks only)  |
 *
 * Every event also starts one webhook.fanout job (jobsOf in outbox.ts): libs/webhooks maps it to the
 * outbound webhook event types (webhook-events.ts) and queues a delivery for each subscription that wants one
 * and existed when the event was written (its outbox row's createdAt, carried in the job).
 *
 * The incident timeline is written beside each event in the same transaction (for rule
 * changes, by commitRuleChange from the same facts), not from the relayed event: a
 * timeline written after the commit could be missing when the API has already answered.
 */
import type { Scope } from '@killswitch/evaluation';

/** Who did it: the audit entry's actor (structurally the same as audit's Actor). */
export interface EventActor {
  type: 'user' | 'device' | 'system' | 'anonymous' | 'policy';
  id?: string;
  label: string;
  tokenId?: string;
}

/** What every event carries: when and by whom, and the request that did it (none for the system's own steps). */
export interface EventBase {
  at: string;
  actor: EventActor;
  requestId: string | null;
}

/** The kill switch a lift or revocation event is about. */
export interface KillRef {
  killSwitchId: string;
  incidentId: string | null;
  scope: Scope;
}

export interface DomainEvents {
  'kill.created': EventBase & KillRef & { revocationId: string; revision: string; affectedDevices: number; reason: string; deviceMessage: string | null };
  'lift.requested': EventBase & KillRef & { liftRequestId: string; stages: number[]; stageIntervalSec: number | null; breakGlass: boolean; reason: string };
  'lift.approved': EventBase & KillRef & { liftRequestId: string; reason: string | null };
  'lift.rejected': EventBase & KillRef & { liftRequestId: string; reason: string | null };
  /** A stage in force: devices whose bucket is below `percent` % are released; `lifted` on the last stage. */
  'lift.stage-advanced': EventBase &
    KillRef & { liftRequestId: string; stage: number; stages: number[]; percent: number; lifted: boolean; revision: string; revocationId: string };
  /** The kill enforced for every device again; a revocation only when some devices had been released. */
  'lift.aborted': EventBase &
    KillRef & { liftRequestId: string; releasedPercent: number; revision: string | null; revocationId: string | null; reason: string | null };
  'revocation.milestone': KillRef & { at: string; revocationId: string; milestone: number; acknowledged: number; target: number };
  'incident.opened': EventBase & { incidentId: string; title: string; severity: string; status: string };
  'incident.status-changed': EventBase & { incidentId: string; from: string; to: string };
  'signing-key.rotated': EventBase & { previous: string | null; current: string; next: string; retired: string | null; reason: string | null };
  'audit.checkpoint-signed': { at: string; checkpointId: string; seq: string; headHash: string; kid: string };
  /** A person asked for one webhook delivery now: a test send, or a retry of a delivery (its row is written with the event). */
  'webhook.delivery-requested': EventBase & { subscriptionId: string; deliveryId: string; kind: 'test' | 'retry' };
  /** A subscription whose deliveries failed for WEBHOOK_RETRY_WINDOW_SEC, disabled by the worker (admins are told through this). */
  'webhook.disabled': EventBase & { subscriptionId: string; host: string; failingSince: string; lastError: string | null };
  /** An alert arrived (Alertmanager or a generic signal); `proposalId` is the proposal it made or added to. */
  'signal.received': EventBase & SignalRef & { status: 'firing' | 'resolved'; duplicate: boolean; proposalId: string | null; incidentId: string | null };
  /** A signal made a proposal: `open` (waiting for a responder), `invalid` (with its problems) or `auto-killed` (by `policyId`). */
  'proposal.created': EventBase &
    SignalRef & {
      proposalId: string;
      incidentId: string;
      state: 'open' | 'invalid' | 'auto-killed';
      scope: Scope | null;
      problems: string[];
      affectedDevices: number | null;
      killSwitchId: string | null;
      policyId: string | null;
    };
}

/** The alert a signal or proposal event is about. */
export interface SignalRef {
  source: string;
  fingerprint: string;
  alertname: string | null;
  summary: string;
  severity: string;
}

export type EventName = keyof DomainEvents;

/** One event, its name and payload paired. */
export type DomainEvent = { [N in EventName]: { name: N; payload: DomainEvents[N] } }[EventName];
