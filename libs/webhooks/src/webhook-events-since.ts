/**
 * Since when a subscription has been enabled and wanting each of its event types (epoch ms), as its `eventsSince`
 * column keeps them. The fan-out runs seconds or hours after an event is written (the worker lags, or was down),
 * and reads the subscriptions of that moment: without these times, one enabled again at 10:05, or given
 * `kill.created` at 10:05, would be sent a kill from 10:00 written while it did not want it. Each time comes from the
 * clock of the process that made the change, as the outbox row's does (see WebhookFanoutService).
 */
export type EventsSince = Record<string, number>;

interface SubscriptionTimes {
  events: readonly string[];
  enabled: boolean;
  createdAt: Date;
  eventsSince: unknown;
}

/** A new subscription: it wants each of its types from its creation. */
export function eventsSinceAtCreation(events: readonly string[], createdAt: Date): EventsSince {
  return Object.fromEntries(events.map((type) => [type, createdAt.getTime()]));
}

/**
 * After an edit: a type it wanted before and still wants keeps its time, unless the edit enables a disabled
 * subscription (then every type starts now); a type new to it starts now. An edit of anything else (its URL, its
 * format) changes no time: it is still sent what was written while it wanted it.
 */
export function eventsSinceAfterUpdate(before: SubscriptionTimes, events: readonly string[], enabled: boolean, now: Date): EventsSince {
  const enabling = enabled && !before.enabled;
  return Object.fromEntries(events.map((type) => [type, !enabling && before.events.includes(type) ? sinceOf(before, type) : now.getTime()]));
}

/** Whether the fan-out sends it an event of this type written at `writtenAt` (epoch ms). */
export function wantedSince(subscription: Pick<SubscriptionTimes, 'createdAt' | 'eventsSince'>, type: string, writtenAt: number): boolean {
  return sinceOf(subscription, type) <= writtenAt;
}

/** Its time for the type; null (a subscription older than the column) or a type missing reads as createdAt. */
function sinceOf(subscription: Pick<SubscriptionTimes, 'createdAt' | 'eventsSince'>, type: string): number {
  const since = subscription.eventsSince as EventsSince | null;
  const at = since?.[type];
  return typeof at === 'number' ? Math.max(at, subscription.createdAt.getTime()) : subscription.createdAt.getTime();
}
