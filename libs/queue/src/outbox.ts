/**
 * The outbox: the one place a domain event is written, inside the transaction
 * of the change it describes (transactional outbox). The relay
 * (outbox-relay.service.ts) moves committed events into the jobs that hang on
 * them (EVENT_JOBS).
 */
import { Prisma, Tx } from '@killswitch/db';
import { DomainEvent, DomainEvents, EventName } from './events';
import { JobItem, Jobs, webhookDeliveryJobId } from './jobs';

/** JSON columns take plain JSON: undefined fields disappear. */
function toJson(value: object): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** Writes one domain event to the outbox, in the caller's transaction. */
export async function enqueue<N extends EventName>(tx: Tx, name: N, data: DomainEvents[N]): Promise<void> {
  await tx.outboxMessage.create({ data: { topic: name, payload: toJson(data) } });
}

/** enqueue as an INSERT, for a statement that writes more in the same round trip (a CTE); created at this process's time, as enqueue. */
export function enqueueSql<N extends EventName>(name: N, data: DomainEvents[N]): Prisma.Sql {
  return Prisma.sql`INSERT INTO outbox (topic, payload, "createdAt") VALUES (${name}, ${JSON.stringify(data)}::jsonb, ${new Date().toISOString()}::timestamptz)`;
}

/**
 * The jobs each event starts, keyed by the outbox row's random job id (see
 * OutboxRelay on why random). Every event is listed: a new event that
 * forgets its entry does not compile.
 */
export const EVENT_JOBS: { [N in EventName]: (event: DomainEvents[N], id: string) => JobItem[] } = {
  'kill.created': (e, id) => [fanout(e.revocationId, id), checkpoint(id)],
  'lift.stage-advanced': (e, id) => [fanout(e.revocationId, id), checkpoint(id)],
  'lift.aborted': (e, id) => (e.revocationId ? [fanout(e.revocationId, id), checkpoint(id)] : [checkpoint(id)]),
  'lift.requested': () => [],
  'lift.approved': () => [],
  'lift.rejected': () => [],
  'revocation.milestone': () => [],
  'incident.opened': () => [],
  'incident.status-changed': () => [],
  'signing-key.rotated': () => [],
  'audit.checkpoint-signed': () => [],
  // A test send is a new delivery: its chain starts. A retry is acted on by the worker (the delivery may have a chain already).
  'webhook.delivery-requested': (e, id) =>
    e.kind === 'retry'
      ? [{ name: 'webhook.retry', data: { deliveryId: e.deliveryId }, jobId: `webhook-retry-${id}` }]
      : [{ name: 'webhook.deliver', data: { deliveryId: e.deliveryId }, jobId: webhookDeliveryJobId(e.deliveryId) }],
  'webhook.disabled': () => [],
  'signal.received': () => [],
  'proposal.created': () => [],
};

function fanout(revocationId: string, id: string): JobItem {
  return { name: 'revocation.fanout', data: { revocationId }, jobId: `outbox-${id}` };
}

/**
 * A rule change asks for an audit checkpoint, so the part of the chain no signed checkpoint covers stays short;
 * it runs on the audit queue, never inside the transaction that made the change.
 */
function checkpoint(id: string): JobItem {
  return { name: 'audit.checkpoint', data: {}, jobId: `checkpoint-${id}` };
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_JOBS, name);
}

/** A committed outbox row, its name and payload paired. */
export type OutboxEvent = DomainEvent;

/**
 * Reads a row back. Only enqueue writes the outbox, typed by name, so a known name's payload is that
 * event's; an unknown name (a row from a newer release, say) or a payload that is not an object is null.
 */
export function readOutboxRow(topic: string, payload: unknown): OutboxEvent | null {
  if (!isEventName(topic) || typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  return { name: topic, payload } as OutboxEvent;
}

/**
 * The jobs of one committed event: its own, and one webhook fan-out (libs/webhooks decides which
 * webhook event types, if any, it becomes), off the path of the change itself. `createdAt` is the
 * outbox row's: the fan-out sends the event only to subscriptions that existed by then.
 */
export function jobsOf(event: OutboxEvent, id: string, createdAt: Date, outboxId: bigint): JobItem[] {
  const webhooks = hasWebhookFanout(event.name) ? [webhookFanout(event, id, createdAt, outboxId)] : [];
  return [...startJobs(event.name, event.payload, id), ...webhooks];
}

/** Every event has a webhook fan-out but a person's test send or retry of one delivery: that is the delivery's own job. */
export function hasWebhookFanout(name: EventName): boolean {
  return name !== 'webhook.delivery-requested';
}

/**
 * The one webhook fan-out job of an outbox row, under one job id (the relay's, and the sweep's that queues it again):
 * `outboxId` is the row's key, which the fan-out marks once done ("webhooksFannedOutAt").
 */
export function webhookFanout(
  event: OutboxEvent,
  id: string,
  createdAt: Date,
  outboxId: bigint,
): { name: 'webhook.fanout'; data: Jobs['webhook.fanout']; jobId: string } {
  const data = { eventId: id, event, occurredAt: createdAt.toISOString(), outboxId: String(outboxId) };
  return { name: 'webhook.fanout', data, jobId: webhookFanoutJobId(id) };
}

export function webhookFanoutJobId(outboxJobId: string): string {
  return `webhooks-${outboxJobId}`;
}

function startJobs<N extends EventName>(name: N, payload: DomainEvents[N], id: string): JobItem[] {
  return EVENT_JOBS[name](payload, id);
}
