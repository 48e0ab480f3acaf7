/**
 * The outbound webhook event types (DESIGN.md "Webhooks and signals"), and which of them each domain
 * event becomes. The table is keyed by every domain event, so a new domain event that is not mapped
 * here (to its types, or to none) does not compile.
 */
import { describeScope } from '@killswitch/evaluation';
import type { DomainEvent, DomainEvents, EventName } from '@killswitch/queue';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from './webhook-event-types';

export { WEBHOOK_EVENT_TYPES } from './webhook-event-types';
export type { WebhookEventType } from './webhook-event-types';

/** What only a test send carries; no subscription subscribes to it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** One webhook event made from a domain event: its type, what it is about (CloudEvents `subject`), when, and its data. */
export interface WebhookEvent {
  type: WebhookEventType | typeof WEBHOOK_TEST_EVENT;
  subject: string;
  /** One line a person reads in a chat or pager. */
  summary: string;
  time: string;
  data: Record<string, unknown>;
}

type Mapped = { types: WebhookEventType[]; subject: string; summary: string };
type Mapping<N extends EventName> = (event: DomainEvents[N]) => Mapped | null;

const kill = (e: { killSwitchId: string }) => `kill-switches/${e.killSwitchId}`;
const by = (e: { actor: { label: string } }) => e.actor.label;

const MAPPING: { [N in EventName]: Mapping<N> } = {
  'kill.created': (e) => ({
    types: ['kill.created'],
    subject: kill(e),
    summary: `Kill switch on ${describeScope(e.scope)} by ${by(e)}: ${e.affectedDevices} devices affected. Reason: ${e.reason}`,
  }),
  'lift.requested': (e) => ({
    types: ['lift.requested'],
    subject: kill(e),
    summary: `${by(e)} asks to lift the kill switch on ${describeScope(e.scope)}${e.breakGlass ? ' (break glass)' : `, stages ${e.stages.join(' → ')} %`}; it waits for an approver. Reason: ${e.reason}`,
  }),
  'lift.approved': (e) => ({
    types: ['lift.approved'],
    subject: kill(e),
    summary: `${by(e)} approved the lift of the kill switch on ${describeScope(e.scope)}`,
  }),
  'lift.rejected': (e) => ({
    types: ['lift.rejected'],
    subject: kill(e),
    summary: `${by(e)} rejected the lift of the kill switch on ${describeScope(e.scope)}${e.reason ? `: ${e.reason}` : ''}`,
  }),
  // The last stage lifts the kill: subscribers of either hear of it.
  'lift.stage-advanced': (e) => ({
    types: e.lifted ? ['lift.stage_advanced', 'kill.lifted'] : ['lift.stage_advanced'],
    subject: kill(e),
    summary: e.lifted
      ? `Kill switch on ${describeScope(e.scope)} lifted for every device`
      : `Lift of the kill switch on ${describeScope(e.scope)}: stage ${e.stage + 1} of ${e.stages.length} in force, ${e.percent} % of devices released`,
  }),
  'lift.aborted': (e) => ({
    types: ['lift.aborted'],
    subject: kill(e),
    summary: `${by(e)} aborted the lift of the kill switch on ${describeScope(e.scope)}: enforced for every device again`,
  }),
  'revocation.milestone': (e) => ({
    types: ['revocation.milestone'],
    subject: `revocations/${e.revocationId}`,
    summary: `${e.milestone} % of devices acknowledged the kill switch on ${describeScope(e.scope)} (${e.acknowledged} of ${e.target})`,
  }),
  'incident.opened': (e) => ({
    types: ['incident.opened'],
    subject: `incidents/${e.incidentId}`,
    summary: `${e.severity} incident opened by ${by(e)}: ${e.title}`,
  }),
  'incident.status-changed': (e) => ({
    types: ['incident.status_changed'],
    subject: `incidents/${e.incidentId}`,
    summary: `Incident ${e.incidentId} moved from ${e.from} to ${e.to} by ${by(e)}`,
  }),
  'signing-key.rotated': (e) => ({
    types: ['signing_key.rotated'],
    subject: `signing-keys/${e.current}`,
    summary: `Snapshot signing keys rotated by ${by(e)}: ${e.current} is current`,
  }),
  'webhook.disabled': (e) => ({
    types: ['webhook.disabled'],
    subject: `webhooks/${e.subscriptionId}`,
    summary: `Webhook ${e.subscriptionId} to ${e.host} disabled: its deliveries failed since ${e.failingSince}${e.lastError ? ` (${e.lastError})` : ''}`,
  }),
  'signal.received': (e) => ({
    types: ['signal.received'],
    subject: e.proposalId ? `proposals/${e.proposalId}` : `signals/${e.fingerprint}`,
    summary: `Alert ${e.alertname ?? e.fingerprint} from ${e.source} ${e.status}${e.duplicate ? ' (again)' : ''}: ${e.summary}`,
  }),
  'proposal.created': (e) => ({
    types: ['proposal.created'],
    subject: `proposals/${e.proposalId}`,
    summary:
      e.state === 'invalid'
        ? `Alert ${e.alertname ?? e.fingerprint} from ${e.source} proposed a kill that cannot be made: ${e.problems.join('; ')}`
        : e.state === 'auto-killed'
          ? `Alert ${e.alertname ?? e.fingerprint} from ${e.source} killed ${e.scope ? describeScope(e.scope) : 'its scope'} at once under an auto-kill policy (${e.affectedDevices ?? 0} devices)`
          : `Alert ${e.alertname ?? e.fingerprint} from ${e.source} proposes killing ${e.scope ? describeScope(e.scope) : 'its scope'} (${e.affectedDevices ?? 0} devices): a responder confirms or dismisses it`,
  }),
  // Routine bookkeeping and the webhooks' own requests: nothing to tell.
  'audit.checkpoint-signed': () => null,
  'webhook.delivery-requested': () => null,
};

function mapOne<N extends EventName>(name: N, payload: DomainEvents[N]): ReturnType<Mapping<N>> {
  return MAPPING[name](payload);
}

/** The webhook events one committed domain event becomes (none for most bookkeeping). */
export function webhookEventsOf(event: DomainEvent): WebhookEvent[] {
  const mapped = mapOne(event.name, event.payload);
  if (!mapped) return [];
  const time = event.payload.at;
  return mapped.types.map((type) => ({ type, subject: mapped.subject, summary: mapped.summary, time, data: { ...event.payload } }));
}
