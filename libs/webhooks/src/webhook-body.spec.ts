import { CloudEvent } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { DomainEvent } from '@killswitch/queue';
import { eventSource, renderBody } from './webhook-body';
import { WEBHOOK_EVENT_TYPES, webhookEventsOf } from './webhook-events';
import { fanoutRetryDelay, webhookRetryDelay } from './webhook-retry';
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret, signWebhook } from './webhook-secret';

const base = { at: '2026-12-01T10:00:00.000Z', actor: { type: 'user' as const, id: 'u1', label: 'alice@example.com' }, requestId: 'req-1' };
const killCreated: DomainEvent = {
  name: 'kill.created',
  payload: {
    ...base,
    killSwitchId: 'k1',
    incidentId: 'i1',
    scope: { vendor: 'xiaomi', integration: 'xiaomi.camera-stream' },
    revocationId: 'r1',
    revision: '7',
    affectedDevices: 1200,
    reason: 'strangers\u2019 feeds <!channel>',
    deviceMessage: null,
  },
};
const ctx = { webhookId: 'msg_2b9c0a5e-6f1d-4e8a-9d1b-0c7f3e2a1b4c', source: eventSource('killswitch'), url: 'https://hooks.example.com/x' };

describe(webhookEventsOf.name, () => {
  it('maps a kill to kill.created about the kill switch, with the event payload as data', () => {
    const [event] = webhookEventsOf(killCreated);
    expect(event).toMatchObject({ type: 'kill.created', subject: 'kill-switches/k1', time: base.at, data: { killSwitchId: 'k1', affectedDevices: 1200 } });
    expect(event.summary).toContain('xiaomi.camera-stream');
  });

  it('tells subscribers of kill.lifted and of lift.stage_advanced when the last stage lifts the kill', () => {
    const stage = (lifted: boolean): DomainEvent => ({
      name: 'lift.stage-advanced',
      payload: {
        ...base,
        killSwitchId: 'k1',
        incidentId: null,
        scope: { vendor: 'xiaomi' },
        liftRequestId: 'l1',
        stage: 2,
        stages: [1, 10, 100],
        percent: 100,
        lifted,
        revision: '9',
        revocationId: 'r2',
      },
    });
    expect(webhookEventsOf(stage(true)).map((e) => e.type)).toEqual(['lift.stage_advanced', 'kill.lifted']);
    expect(webhookEventsOf(stage(false)).map((e) => e.type)).toEqual(['lift.stage_advanced']);
  });

  it('sends nothing for bookkeeping events', () => {
    expect(webhookEventsOf({ name: 'audit.checkpoint-signed', payload: { at: base.at, checkpointId: 'c', seq: '1', headHash: 'h', kid: 'k' } })).toEqual([]);
  });

  it('lists every event type of the contract', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual(
      expect.arrayContaining(['kill.created', 'lift.stage_advanced', 'incident.status_changed', 'signing_key.rotated', 'audit.verify_failed']),
    );
  });
});

describe(renderBody.name, () => {
  const [event] = webhookEventsOf(killCreated);

  it('renders CloudEvents 1.0 structured JSON that the cloudevents SDK validates', () => {
    const rendered = renderBody('cloudevents', event, ctx);
    expect(rendered.contentType).toBe('application/cloudevents+json');
    const body = JSON.parse(rendered.body) as Record<string, unknown>;
    const cloudEvent = new CloudEvent(body, true);
    expect(cloudEvent.validate()).toBe(true);
    expect(cloudEvent).toMatchObject({
      specversion: '1.0',
      id: ctx.webhookId,
      source: '/killswitch/killswitch',
      type: 'dev.killswitch.kill.created',
      time: base.at,
      subject: 'kill-switches/k1',
      datacontenttype: 'application/json',
    });
    expect(cloudEvent.data).toMatchObject({ killSwitchId: 'k1', revocationId: 'r1' });
  });

  it('renders a Slack message with text and blocks, escaping what Slack would read as a mention', () => {
    const body = JSON.parse(renderBody('slack', event, ctx).body) as { text: string; blocks: { type: string }[] };
    expect(body.text).toContain('Killswitch: Kill switch created');
    expect(body.text).toContain('&lt;!channel&gt;');
    expect(body.text).not.toContain('<!channel>');
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
  });

  it('renders a PagerDuty change event, the routing key taken from the URL', () => {
    const body = JSON.parse(renderBody('pagerduty', event, { ...ctx, url: 'https://events.pagerduty.com/v2/change/enqueue?routing_key=R0UTING' }).body);
    expect(body).toMatchObject({
      routing_key: 'R0UTING',
      payload: { timestamp: base.at, source: '/killswitch/killswitch', custom_details: { type: 'kill.created', killSwitchId: 'k1' } },
      links: [],
    });
    expect(body.payload.summary).toContain('Kill switch created');
  });

  it('cuts a long summary to Slack\u2019s and PagerDuty\u2019s bounds by characters, never inside an emoji', () => {
    const emoji = { ...event, summary: '\u{1F4A9}'.repeat(3500) };
    const slack = JSON.parse(renderBody('slack', emoji, ctx).body) as { blocks: { text?: { text: string } }[] };
    const pagerduty = JSON.parse(renderBody('pagerduty', emoji, ctx).body) as { payload: { summary: string } };
    for (const [text, max] of [
      [slack.blocks[1].text!.text, 3000],
      [pagerduty.payload.summary, 1024],
    ] as const) {
      expect({ wellFormed: text.isWellFormed(), characters: [...text].length }).toEqual({ wellFormed: true, characters: max });
    }
  });
});

describe(signWebhook.name, () => {
  it('signs so that the standardwebhooks package verifies it', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = '{"hello":"world"}';
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, 'msg_1', timestamp, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ hello: 'world' });
    expect(() => new Webhook(secret).verify('{"hello":"there"}', headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('seals the secret to its subscription with the key-encryption key', () => {
    const kek = Buffer.alloc(32, 7);
    const secret = newWebhookSecret();
    const sealed = sealWebhookSecret(secret, 'sub-1', kek);
    expect(sealed).toMatch(/^aes-256-gcm:v1:/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(openWebhookSecret(sealed, 'sub-1', kek)).toBe(secret);
    expect(() => openWebhookSecret(sealed, 'sub-2', kek)).toThrow('cannot be decrypted');
  });
});

describe(webhookRetryDelay.name, () => {
  it('doubles from the base up to a sixth of the window, so a day of retries ends in 4-hour steps', () => {
    const policy = { baseMs: 5000, windowMs: 86_400_000 };
    expect([1, 2, 3, 4].map((n) => webhookRetryDelay(n, policy))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(webhookRetryDelay(30, policy)).toBe(14_400_000);
  });
});

describe(fanoutRetryDelay.name, () => {
  it('retries a fan-out after 1 s, doubling up to a minute: it waits on the database, not on a receiver', () => {
    expect([1, 2, 3, 6, 7].map((n) => fanoutRetryDelay(n))).toEqual([1000, 2000, 4000, 32_000, 60_000]);
    expect(fanoutRetryDelay(500)).toBe(60_000);
  });
});
