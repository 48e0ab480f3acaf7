/**
 * The body of a delivery in the subscription's format, rendered once and sent unchanged on every attempt:
 *
 * - `cloudevents` (default): CloudEvents 1.0 structured JSON, `id` = the webhook-id, `type` =
 *   `dev.killswitch.<event>`, `data` = the domain event's payload.
 * - `slack`: an incoming-webhook message: `text` (the notification line) and blocks (a header, the
 *   summary, and a context line with the event type, time and webhook-id).
 * - `pagerduty`: an Events API v2 change event. PagerDuty reads the integration's routing key from the
 *   body, so it is taken from the URL's `routing_key` query parameter
 *   (`https://events.pagerduty.com/v2/change/enqueue?routing_key=<key>`); PagerDuty ignores the query.
 */
import { type WebhookFormat, truncateCodePoints } from '@killswitch/db';
import type { WebhookEvent } from './webhook-events';

export interface RenderContext {
  webhookId: string;
  /** CloudEvents `source`, PagerDuty `source`: which Killswitch sent it. */
  source: string;
  url: string;
}

export interface RenderedBody {
  body: string;
  contentType: string;
}

/** `/killswitch/<issuer>`, or the issuer itself when it is a URL (KILLSWITCH_ISSUER). */
export function eventSource(issuer: string): string {
  return /^https?:\/\//.test(issuer) ? issuer : `/killswitch/${encodeURIComponent(issuer)}`;
}

export function cloudEventType(type: string): string {
  return `dev.killswitch.${type}`;
}

const TITLES: Record<string, string> = {
  'kill.created': 'Kill switch created',
  'kill.lifted': 'Kill switch lifted',
  'lift.requested': 'Lift requested: approval needed',
  'lift.approved': 'Lift approved',
  'lift.rejected': 'Lift rejected',
  'lift.stage_advanced': 'Lift stage in force',
  'lift.aborted': 'Lift aborted',
  'revocation.milestone': 'Revocation milestone',
  'incident.opened': 'Incident opened',
  'incident.status_changed': 'Incident status changed',
  'signal.received': 'Signal received',
  'proposal.created': 'Kill proposed',
  'audit.verify_failed': 'Audit chain does not verify',
  'signing_key.rotated': 'Signing keys rotated',
  'webhook.disabled': 'Webhook disabled',
  'webhook.test': 'Test delivery',
};

/** Slack reads `text` as mrkdwn: escaped, a kill's reason cannot mention @channel or forge a link. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderBody(format: WebhookFormat, event: WebhookEvent, ctx: RenderContext): RenderedBody {
  switch (format) {
    case 'cloudevents':
      return {
        contentType: 'application/cloudevents+json',
        body: JSON.stringify({
          specversion: '1.0',
          id: ctx.webhookId,
          source: ctx.source,
          type: cloudEventType(event.type),
          time: event.time,
          subject: event.subject,
          datacontenttype: 'application/json',
          data: event.data,
        }),
      };
    case 'slack': {
      const title = `Killswitch: ${TITLES[event.type] ?? event.type}`;
      return {
        contentType: 'application/json',
        body: JSON.stringify({
          text: slackEscape(`${title}: ${event.summary}`),
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
            { type: 'section', text: { type: 'plain_text', text: truncateCodePoints(event.summary, 3000) } },
            { type: 'context', elements: [{ type: 'mrkdwn', text: `\`${event.type}\` · ${event.subject} · ${event.time} · ${ctx.webhookId}` }] },
          ],
        }),
      };
    }
    case 'pagerduty': {
      const routingKey = new URL(ctx.url).searchParams.get('routing_key');
      return {
        contentType: 'application/json',
        body: JSON.stringify({
          ...(routingKey ? { routing_key: routingKey } : {}),
          payload: {
            summary: truncateCodePoints(`${TITLES[event.type] ?? event.type}: ${event.summary}`, 1024),
            timestamp: event.time,
            source: ctx.source,
            custom_details: { type: event.type, subject: event.subject, webhookId: ctx.webhookId, ...event.data },
          },
          links: [],
        }),
      };
    }
  }
}
