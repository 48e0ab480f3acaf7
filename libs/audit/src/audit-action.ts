/**
 * Every action the audit log records, so a misspelt action fails to compile
 * instead of landing in the chain under a name no filter finds. Add the new
 * action here with the code that writes it.
 */
export const AUDIT_ACTIONS = [
  'access.refused',
  'api-token.create',
  'api-token.revoke',
  'audit.checkpoint',
  'auth.login',
  'auth.logout',
  'auth.password.change',
  'device.credential.rotate',
  'device.decommission',
  'device.enroll',
  'device.inventory.report',
  'incident.create',
  'incident.note',
  'incident.update',
  'integration.create',
  'integration.update',
  'kill-switch.create',
  'kill-switch.lift',
  'kill-switch.lift-stage',
  'lift-request.abort',
  'lift-request.advance',
  'lift-request.approve',
  'lift-request.break-glass',
  'lift-request.create',
  'lift-request.reject',
  'lift-request.review',
  'signing-key.create',
  'signing-key.rotate',
  'signing-key.seal',
  'user.create',
  'user.update',
  'vendor.create',
  'vendor-model.create',
  'webhook.create',
  'webhook.delete',
  'webhook.disabled',
  'webhook.retry',
  'webhook.test',
  'webhook.update',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
