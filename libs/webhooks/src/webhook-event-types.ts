/**
 * The outbound webhook event types (DESIGN.md "Webhooks and signals"). A file of its own, importing
 * nothing, so the admin UI's browser build takes the same list (apps/admin/src/lib/types.ts).
 */
export const WEBHOOK_EVENT_TYPES = [
  'kill.created',
  'kill.lifted',
  'lift.requested',
  'lift.approved',
  'lift.rejected',
  'lift.stage_advanced',
  'lift.aborted',
  'revocation.milestone',
  'incident.opened',
  'incident.status_changed',
  'signal.received',
  'proposal.created',
  'audit.verify_failed',
  'signing_key.rotated',
  'webhook.disabled',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
