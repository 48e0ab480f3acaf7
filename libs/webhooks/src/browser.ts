/** The browser-safe part of this lib (no Node imports), for the admin UI: the webhook event types. */
export { WEBHOOK_EVENT_TYPES } from './webhook-event-types';
export type { WebhookEventType } from './webhook-event-types';
