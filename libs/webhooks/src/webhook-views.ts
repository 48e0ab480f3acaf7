import type { WebhookDelivery, WebhookDeliveryAttempt, WebhookSubscription } from '@killswitch/db';
import type { WebhookDeliveryView, WebhookView } from './dto/webhook.dto';

export function webhookView(s: WebhookSubscription): WebhookView {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    format: s.format,
    description: s.description,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    failingSince: s.failingSince,
    // Past its end it no longer signs, whether or not the sweep has erased it yet.
    previousSecretExpiresAt: s.previousSecretExpiresAt && s.previousSecretExpiresAt > new Date() ? s.previousSecretExpiresAt : null,
    createdById: s.createdById,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/**
 * What the audit log keeps of a URL: scheme, host and port only. A chat or pager URL often is itself
 * the credential (Slack's path, PagerDuty's routing key), and the audit chain can never forget it.
 */
export function auditedUrl(raw: string): string {
  const url = new URL(raw);
  return url.pathname === '/' && !url.search ? url.origin : `${url.origin}/…`;
}

/** The subscription as the audit log keeps it: no secret, the URL without path or query. */
export function auditedWebhook(s: WebhookSubscription): Record<string, unknown> {
  const { url, ...rest } = webhookView(s);
  return { ...rest, url: auditedUrl(url) };
}

export function deliveryView(d: WebhookDelivery & { attempts: WebhookDeliveryAttempt[] }): WebhookDeliveryView {
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventType: d.eventType,
    state: d.state,
    attemptCount: d.attemptCount,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextRetryAt: d.nextRetryAt,
    deliveredAt: d.deliveredAt,
    retryRequestedAt: d.retryRequestedAt,
    createdAt: d.createdAt,
    attempts: d.attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt,
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error,
      nextRetryAt: a.nextRetryAt,
    })),
  };
}
