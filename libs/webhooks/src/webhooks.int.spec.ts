// Outbound webhooks end to end: the API, the worker and real receivers on 127.0.0.1. Any worker of the
// test run may send a delivery, so receivers answer by webhook-id and tests find their deliveries by
// what they carry, never by order.
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CloudEvent } from 'cloudevents';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { AuditModule } from '@killswitch/audit';
import { ConfigModule, loadConfig } from '@killswitch/config';
import { DbModule, PrismaClient } from '@killswitch/db';
import { QueueModule, QueueService, webhookDeliveryJobId } from '@killswitch/queue';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { enroll, killCamera, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { parseMetrics, sampleValue } from '../../../test/support/metrics-text';
import { ReceivedWebhook, WebhookReceiver } from '../../../test/support/webhook-receiver';
import { WebhooksHarness, startWebhooksHarness } from '../../../test/support/webhooks-harness';
import { WebhookAttemptsService } from './webhook-attempts.service';
import { WebhookSecretSweepScheduler } from './webhook-secret-sweep.scheduler';
import { WebhooksController } from './webhooks.controller';
import { WebhooksWorkerModule } from './webhooks-worker.module';

type Attempt = { attempt: number; statusCode: number | null; error: string | null; nextRetryAt: string | null; durationMs: number };
type Delivery = { id: string; webhookId: string; eventType: string; state: string; attemptCount: number; attempts: Attempt[] };

describe(WebhooksController.name, () => {
  let harness: WebhooksHarness;
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let admin: string;
  let responder: string;
  let v: SeededVendor;

  beforeAll(async () => {
    harness = await startWebhooksHarness();
    ({ api, worker, prisma, admin } = harness);
    responder = (await api.userWith('responder')).token;
    v = await seedVendor(api);
    await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] });
  });
  afterEach(() => harness.cleanUp());
  afterAll(() => harness?.close());

  const receiver = () => harness.receiver();
  const subscribe = (url: string, events: string[], extra?: Record<string, unknown>) => harness.subscribe(url, events, extra);
  const kill = () => killCamera(api, responder, v);
  /** The requests a receiver got for this kill switch (CloudEvents subject). */
  const forKill = (r: WebhookReceiver, killId: string) => r.matching((b) => b.subject === `kill-switches/${killId}`);
  const deliveryFor = async (subscriptionId: string, contains: string): Promise<Delivery | undefined> => {
    const row = await prisma.webhookDelivery.findFirst({ where: { subscriptionId, body: { contains } }, select: { id: true } });
    if (!row) return undefined;
    const page = await api.request('GET', `/v1/webhooks/${subscriptionId}/deliveries?limit=500`, { token: admin });
    return (page.body.items as Delivery[]).find((d) => d.id === row.id);
  };
  const verify = (secret: string, request: ReceivedWebhook) =>
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
  const counts = async () => ({
    subscriptions: await prisma.webhookSubscription.count(),
    audit: await prisma.auditEntry.count({ where: { action: { startsWith: 'webhook.' } } }),
  });

  it('delivers a kill as a signed CloudEvent that standardwebhooks and the cloudevents SDK accept', async () => {
    const r = await receiver();
    const sub = await subscribe(r.url, ['kill.created']);
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const killId = await kill();

    const [request] = await eventually(() => forKill(r, killId).length > 0 && forKill(r, killId));
    expect(verify(sub.secret, request)).toMatchObject({ type: 'dev.killswitch.kill.created' });
    expect(request.headers['content-type']).toBe('application/cloudevents+json');
    const event = new CloudEvent(JSON.parse(request.body) as Record<string, unknown>, true);
    expect(event.validate()).toBe(true);
    expect(event).toMatchObject({
      specversion: '1.0',
      id: request.headers['webhook-id'],
      type: 'dev.killswitch.kill.created',
      subject: `kill-switches/${killId}`,
    });
    expect(event.data).toMatchObject({ killSwitchId: killId, scope: { vendor: v.vendor, integration: v.camera }, affectedDevices: 1 });
    expect(String(request.headers['webhook-id'])).toMatch(/^msg_[0-9a-f-]{36}$/);

    const delivery = await eventually(async () => {
      const d = await deliveryFor(sub.id, killId);
      return d?.state === 'succeeded' && d;
    });
    expect(delivery).toMatchObject({ webhookId: request.headers['webhook-id'], eventType: 'kill.created', attemptCount: 1 });
    expect(delivery.attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: 204, error: null, nextRetryAt: null })]);
  });

  it('retries a receiver that fails twice with the same webhook-id, keeping every attempt, until it answers 2xx', async () => {
    const r = await receiver();
    const seen = new Map<string, number>();
    r.answer = (request) => {
      const id = String(request.headers['webhook-id']);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      return (seen.get(id) ?? 0) <= 2 ? { status: 500 } : { status: 200 };
    };
    const failures = async () =>
      sampleValue(parseMetrics((await api.request('GET', '/metrics')).text), 'killswitch_webhook_delivery_failures_total', { outcome: 'retrying' }) ?? 0;
    const failuresBefore = await failures();
    const sub = await subscribe(r.url, ['kill.created']);
    const killId = await kill();

    const delivery = await eventually(async () => {
      const d = await deliveryFor(sub.id, killId);
      return d?.state === 'succeeded' && d;
    });
    const requests = forKill(r, killId);
    expect(requests).toHaveLength(3);
    // Both failed attempts are counted (the API and worker of this suite share one process, so one registry).
    expect(await failures()).toBeGreaterThanOrEqual(failuresBefore + 2);
    expect(new Set(requests.map((q) => q.headers['webhook-id']))).toEqual(new Set([delivery.webhookId]));
    for (const q of requests) expect(verify(sub.secret, q)).toBeTruthy();
    expect(delivery.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(delivery.attempts[0].error).toBe('receiver answered 500');
    expect(delivery.attempts[0].nextRetryAt).not.toBeNull();
    expect(delivery.attempts[2].nextRetryAt).toBeNull();

    // A person sends it again: the same webhook-id, one more attempt kept.
    const retried = await api.request('POST', `/v1/webhooks/${sub.id}/deliveries/${delivery.id}/retry`, { token: admin });
    expect(retried.status).toBe(200);
    await eventually(() => forKill(r, killId).length === 4);
    expect(forKill(r, killId)[3].headers['webhook-id']).toBe(delivery.webhookId);
    expect((await eventually(async () => (await deliveryFor(sub.id, killId))?.attemptCount === 4 && deliveryFor(sub.id, killId)))?.state).toBe('succeeded');
  });

  it('records a receiver that never answers as a timed-out attempt, to be retried', async () => {
    const r = await receiver();
    r.answer = () => 'hang';
    const sub = await subscribe(r.url, ['kill.created']);
    const killId = await kill();

    const delivery = await eventually(async () => {
      const d = await deliveryFor(sub.id, killId);
      return (d?.attempts.length ?? 0) > 0 && d;
    });
    expect(delivery.state).toBe('pending');
    expect(delivery.attempts[0]).toMatchObject({ attempt: 1, statusCode: null });
    expect(delivery.attempts[0].error).toMatch(/^no answer within \d+ ms$/);
    expect(delivery.attempts[0].nextRetryAt).not.toBeNull();
  });

  it('does not follow a redirect: a 3xx is a failed attempt and the other address gets nothing', async () => {
    const elsewhere = await receiver();
    const r = await receiver();
    r.answer = () => ({ status: 302, headers: { location: elsewhere.url } });
    const sub = await subscribe(r.url, ['kill.created']);
    const killId = await kill();

    const delivery = await eventually(async () => {
      const d = await deliveryFor(sub.id, killId);
      return (d?.attempts.length ?? 0) > 0 && d;
    });
    expect(delivery.attempts[0]).toMatchObject({ statusCode: 302 });
    expect(delivery.attempts[0].error).toContain(`redirect to ${elsewhere.url} not followed`);
    expect(forKill(elsewhere, killId)).toEqual([]);
  });

  it('answers a kill made while the receiver is down, and delivers its webhook once the receiver is back', async () => {
    const r = await receiver();
    const sub = await subscribe(r.url, ['kill.created']);
    await r.stop();

    const killId = await kill();
    const failed = await eventually(async () => {
      const d = await deliveryFor(sub.id, killId);
      return (d?.attempts.length ?? 0) > 0 && d;
    });
    expect(failed.attempts[0].statusCode).toBeNull();
    expect(failed.attempts[0].error).toMatch(/ECONNREFUSED/);

    await r.start();
    const [request] = await eventually(() => forKill(r, killId).length > 0 && forKill(r, killId), 60_000);
    expect(request.headers['webhook-id']).toBe(failed.webhookId);
    expect(verify(sub.secret, request)).toBeTruthy();
    expect(
      (await eventually(async () => (await deliveryFor(sub.id, killId))?.state === 'succeeded' && deliveryFor(sub.id, killId)))?.attempts.at(-1),
    ).toMatchObject({
      statusCode: 204,
    });
  });

  it('fails a delivery whose job the queue gave up without running it (it stalled too often), visibly, rather than leave it pending', async () => {
    const r = await receiver();
    const sub = await subscribe(r.url, ['audit.verify_failed']);
    const delivery = await prisma.webhookDelivery.create({
      data: { subscriptionId: sub.id, webhookId: `msg_${sub.id}`, eventType: 'audit.verify_failed', body: '{}', contentType: 'application/json' },
    });
    const queue = worker.get(QueueService, { strict: false }).queueOf('webhook.deliver');
    const job = await queue.add('webhook.deliver', { deliveryId: delivery.id }, { jobId: webhookDeliveryJobId(delivery.id), delay: 600_000 });
    // What BullMQ's stalled-job check writes on a job that stalled more often than its worker allows (worker crashes
    // during its attempts): the next worker to take the job fails it for good without running it.
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await redis.hset(queue.toKey(job.id!), 'defa', 'job stalled more than allowable limit');
    } finally {
      redis.disconnect();
    }
    await job.promote();

    await eventually(async () => (await job.getState()) === 'failed');
    const row = await eventually(async () => {
      const now = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      return now.state !== 'pending' && now;
    });
    expect(row).toMatchObject({ state: 'failed', lastError: 'given up: job stalled more than allowable limit', nextRetryAt: null, attemptStartedAt: null });
    expect(r.received).toEqual([]);
  });

  it('sends a signed webhook.test delivery on request, in the subscription format', async () => {
    const r = await receiver();
    const sub = await subscribe(r.url, ['incident.opened'], { format: 'slack' });
    const test = await api.request('POST', `/v1/webhooks/${sub.id}/test`, { token: admin });
    expect(test.status).toBe(201);
    expect(test.body).toMatchObject({ eventType: 'webhook.test', state: 'pending', webhookId: expect.stringMatching(/^msg_/) });

    const [request] = await eventually(() => {
      const got = r.received.filter((q) => q.headers['webhook-id'] === test.body.webhookId);
      return got.length > 0 && got;
    });
    const body = verify(sub.secret, request) as { text: string; blocks: unknown[] };
    expect(body.text).toContain('Killswitch: Test delivery');
    expect(body.blocks).toHaveLength(3);
  });

  it('manages a subscription: the secret shown once and sealed at rest, every change audited without the secret or the URL path', async () => {
    const sub = await subscribe('http://127.0.0.1:9/services/T000/B000/XXXXSECRET', ['kill.created', 'lift.requested'], { description: 'incidents channel' });
    const stored = await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(stored.secret).toMatch(/^aes-256-gcm:v1:/);

    const got = await api.request('GET', `/v1/webhooks/${sub.id}`, { token: admin });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: sub.id,
      events: ['kill.created', 'lift.requested'],
      format: 'cloudevents',
      description: 'incidents channel',
      enabled: true,
    });
    expect(got.body.secret).toBeUndefined();
    const list = await api.request('GET', '/v1/webhooks?limit=500', { token: admin });
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(sub.id);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');

    const patched = await api.request('PATCH', `/v1/webhooks/${sub.id}`, {
      token: admin,
      body: { events: ['lift.requested'], format: 'slack', enabled: false, description: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ['lift.requested'], format: 'slack', enabled: false, description: null });
    expect((await api.request('DELETE', `/v1/webhooks/${sub.id}`, { token: admin })).status).toBe(204);
    expect((await api.request('GET', `/v1/webhooks/${sub.id}`, { token: admin })).status).toBe(404);

    const entries = await prisma.auditEntry.findMany({ where: { targetType: 'webhook', targetId: sub.id }, orderBy: { seq: 'asc' } });
    expect(entries.map((e) => e.action)).toEqual(['webhook.create', 'webhook.update', 'webhook.delete']);
    const written = JSON.stringify(entries.map((e) => [e.before, e.after, e.reason]));
    expect(written).not.toContain(sub.secret.slice(6));
    expect(written).not.toContain('XXXXSECRET');
    expect(written).toContain('http://127.0.0.1:9/…');
  });

  describe('rotating the signing secret', () => {
    const rotate = (id: string, body?: unknown, token = admin) => api.request('POST', `/v1/webhooks/${id}/rotate-secret`, { token, body });
    /** A test delivery to this subscription, as the receiver got it. */
    const testDelivery = async (subscriptionId: string, r: WebhookReceiver) => {
      const test = await api.request('POST', `/v1/webhooks/${subscriptionId}/test`, { token: admin });
      expect(test.status).toBe(201);
      return eventually(() => r.received.find((q) => q.headers['webhook-id'] === test.body.webhookId));
    };
    const signatures = (request: ReceivedWebhook) => String(request.headers['webhook-signature']).split(' ');

    it('signs with the old and the new secret during the grace period, then with the new one only; the new one is shown once, the old one forgotten', async () => {
      const r = await receiver();
      const sub = await subscribe(r.url, ['kill.created']);
      const sealedBefore = (await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } })).secret;

      const rotated = await rotate(sub.id, { graceSec: 3600 });
      expect(rotated.status).toBe(201);
      expect(rotated.body).toMatchObject({ id: sub.id, url: r.url, secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
      expect(rotated.body.secret).not.toBe(sub.secret);
      const graceEnd = new Date(rotated.body.previousSecretExpiresAt).getTime();
      expect(graceEnd).toBeGreaterThan(Date.now() + 3500_000);
      expect(graceEnd).toBeLessThanOrEqual(Date.now() + 3600_000);
      // Stored as at creation: sealed, the old one kept sealed as it was.
      const stored = await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } });
      expect(stored.secret).toMatch(/^aes-256-gcm:v1:/);
      expect(stored.previousSecret).toBe(sealedBefore);

      // During the grace period: two signatures, and a receiver with either secret accepts the delivery.
      const during = await testDelivery(sub.id, r);
      expect(signatures(during)).toHaveLength(2);
      expect(verify(sub.secret, during)).toMatchObject({ type: 'dev.killswitch.webhook.test' });
      expect(verify(rotated.body.secret, during)).toMatchObject({ type: 'dev.killswitch.webhook.test' });

      // Shown once: no read, list or audit entry carries either secret.
      const got = await api.request('GET', `/v1/webhooks/${sub.id}`, { token: admin });
      expect(got.body).toMatchObject({ id: sub.id, previousSecretExpiresAt: rotated.body.previousSecretExpiresAt });
      expect(got.body.secret).toBeUndefined();
      const list = await api.request('GET', '/v1/webhooks?limit=500', { token: admin });
      const deliveries = await api.request('GET', `/v1/webhooks/${sub.id}/deliveries`, { token: admin });
      const entries = await prisma.auditEntry.findMany({ where: { targetType: 'webhook', targetId: sub.id }, orderBy: { seq: 'asc' } });
      expect(entries.map((e) => e.action)).toEqual(['webhook.create', 'webhook.secret.rotate', 'webhook.test']);
      expect(entries[1].after).toEqual({ graceSec: 3600, previousSecretExpiresAt: rotated.body.previousSecretExpiresAt });
      const read = JSON.stringify([got.body, list.body, deliveries.body, entries.map((e) => [e.before, e.after, e.reason])]);
      for (const secret of [sub.secret, rotated.body.secret]) expect(read).not.toContain(secret.slice(6));
      expect(read).not.toContain('whsec_');

      // After the grace period (its end moved into the past): the new secret only; the old one fails, and is erased.
      await prisma.webhookSubscription.update({ where: { id: sub.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
      expect((await api.request('GET', `/v1/webhooks/${sub.id}`, { token: admin })).body.previousSecretExpiresAt).toBeNull();
      const after = await testDelivery(sub.id, r);
      expect(signatures(after)).toHaveLength(1);
      expect(verify(rotated.body.secret, after)).toMatchObject({ type: 'dev.killswitch.webhook.test' });
      expect(() => verify(sub.secret, after)).toThrow('No matching signature found');
      expect(await worker.get(WebhookSecretSweepScheduler, { strict: false }).forgetExpired()).toBeGreaterThanOrEqual(1);
      expect(await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({
        secret: stored.secret,
        previousSecret: null,
        previousSecretExpiresAt: null,
      });
    });

    it('drops the old secret at once with graceSec 0, and an earlier old secret at the next rotation', async () => {
      const r = await receiver();
      const sub = await subscribe(r.url, ['kill.created']);
      const first = await rotate(sub.id, {});
      expect(first.status).toBe(201);
      // A day by default.
      expect(new Date(first.body.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 86_000_000);

      const second = await rotate(sub.id, { graceSec: 0 });
      expect(second.status).toBe(201);
      expect(second.body.previousSecretExpiresAt).toBeNull();
      expect(await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({
        previousSecret: null,
        previousSecretExpiresAt: null,
      });
      const request = await testDelivery(sub.id, r);
      expect(signatures(request)).toHaveLength(1);
      expect(verify(second.body.secret, request)).toBeTruthy();
      for (const old of [sub.secret, first.body.secret]) expect(() => verify(old, request)).toThrow('No matching signature found');

      // Without a body: a day's grace, the secret before it signing too.
      const third = await api.request('POST', `/v1/webhooks/${sub.id}/rotate-secret`, { token: admin });
      expect(third.status).toBe(201);
      const both = await testDelivery(sub.id, r);
      expect(verify(second.body.secret, both)).toBeTruthy();
      expect(verify(third.body.secret, both)).toBeTruthy();
    });

    it('is for admins only, and refuses a grace period out of bounds, changing nothing', async () => {
      const sub = await subscribe('http://127.0.0.1:9/hook', ['kill.created']);
      const stored = async () => prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } });
      const before = { row: await stored(), counts: await counts() };
      const auditor = (await api.userWith('auditor')).token;
      expect((await rotate(sub.id, {}, responder)).status).toBe(403);
      expect((await rotate(sub.id, {}, auditor)).status).toBe(403);
      for (const [body, message] of [
        [{ graceSec: -1 }, 'graceSec must be a whole number of seconds from 0 to 604800'],
        [{ graceSec: 604_801 }, 'graceSec must be a whole number of seconds from 0 to 604800'],
        [{ graceSec: 1.5 }, 'graceSec must be a whole number of seconds from 0 to 604800'],
        [{ graceSec: '60' }, 'graceSec must be a whole number of seconds from 0 to 604800'],
        [{ secret: 'whsec_mine' }, 'property secret should not exist'],
      ] as const) {
        const r = await rotate(sub.id, body);
        expect([r.status, r.body.code, r.body.message]).toEqual([400, 'invalid_input', expect.stringContaining(message)]);
      }
      const unknown = await rotate('3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c', {});
      expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
      expect({ row: await stored(), counts: await counts() }).toEqual(before);
    });
  });

  describe('refuses bad input with a 400 that says what to fix, writing nothing', () => {
    it.each([
      ['an invalid URL', { url: 'not a url', events: ['kill.created'] }, 'url must be an absolute http:// or https:// URL'],
      ['a non-http scheme', { url: 'ftp://127.0.0.1/hook', events: ['kill.created'] }, 'url must use http or https, not ftp'],
      [
        'an unknown event type',
        { url: 'http://127.0.0.1:9/hook', events: ['kill.exploded'] },
        'events must be a list of 1 to 15 different event types from: kill.created, kill.lifted',
      ],
      ['no event types', { url: 'http://127.0.0.1:9/hook', events: [] }, 'events must be a list'],
      [
        'an unknown format',
        { url: 'http://127.0.0.1:9/hook', events: ['kill.created'], format: 'teams' },
        'format must be one of cloudevents, slack, pagerduty',
      ],
      ['an unknown field', { url: 'http://127.0.0.1:9/hook', events: ['kill.created'], secret: 'whsec_mine' }, 'property secret should not exist'],
      ['a cloud metadata address', { url: 'http://169.254.169.254/latest/meta-data/', events: ['kill.created'] }, 'is a cloud metadata address'],
      ['the AWS IPv6 metadata address', { url: 'http://[fd00:ec2::254]/', events: ['kill.created'] }, 'is a cloud metadata address'],
      ['a metadata host name', { url: 'http://metadata.google.internal/computeMetadata/v1/', events: ['kill.created'] }, 'is a cloud metadata service'],
      ['a link-local address', { url: 'http://[fe80::1]/hook', events: ['kill.created'] }, 'is a link-local address'],
      [
        'the metadata address by NAT64',
        { url: 'http://[64:ff9b::a9fe:a9fe]/', events: ['kill.created'] },
        '64:ff9b::a9fe:a9fe (169.254.169.254 in NAT64 form) is a cloud metadata address',
      ],
      [
        'a link-local address by local-use NAT64',
        { url: 'http://[64:ff9b:1::a9fe:101]/hook', events: ['kill.created'] },
        '64:ff9b:1::a9fe:101 (169.254.1.1 in NAT64 form) is a link-local address',
      ],
      [
        'the metadata address in IPv4-compatible form',
        { url: 'http://[::a9fe:a9fe]/', events: ['kill.created'] },
        '::a9fe:a9fe (169.254.169.254 in IPv4-compatible form) is a cloud metadata address',
      ],
      [
        'the metadata address by 6to4',
        { url: 'http://[2002:a9fe:a9fe::]/', events: ['kill.created'] },
        '2002:a9fe:a9fe:: (169.254.169.254 in 6to4 form) is a cloud metadata address',
      ],
      [
        'the metadata address as a Teredo client',
        { url: 'http://[2001:0:4136:e378:8000:63bf:5601:5601]/', events: ['kill.created'] },
        '(169.254.169.254 in Teredo form) is a cloud metadata address',
      ],
    ])('%s', async (_what, body, message) => {
      const before = await counts();
      const r = await api.request('POST', '/v1/webhooks', { token: admin, body });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('invalid_input');
      expect(r.body.message).toContain(message);
      expect(await counts()).toEqual(before);
    });

    it('an unknown event type in a PATCH, leaving the subscription as it was', async () => {
      const sub = await subscribe('http://127.0.0.1:9/hook', ['kill.created']);
      const r = await api.request('PATCH', `/v1/webhooks/${sub.id}`, { token: admin, body: { events: ['kill.created', 'nope'] } });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain('from: kill.created');
      expect((await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } })).events).toEqual(['kill.created']);
    });

    it('a PATCH to an IPv6 form of a refused IPv4 address, leaving the subscription as it was', async () => {
      const sub = await subscribe('http://127.0.0.1:9/hook', ['kill.created']);
      const before = await counts();
      for (const [url, message] of [
        ['http://[64:ff9b::a9fe:a9fe]/', '64:ff9b::a9fe:a9fe (169.254.169.254 in NAT64 form) is a cloud metadata address'],
        ['http://[::a9fe:a9fe]/', '::a9fe:a9fe (169.254.169.254 in IPv4-compatible form) is a cloud metadata address'],
        ['http://[2002:a9fe:a9fe::]/', '2002:a9fe:a9fe:: (169.254.169.254 in 6to4 form) is a cloud metadata address'],
      ]) {
        const r = await api.request('PATCH', `/v1/webhooks/${sub.id}`, { token: admin, body: { url } });
        expect([r.status, r.body.code, r.body.message]).toEqual([400, 'invalid_input', expect.stringContaining(message)]);
      }
      expect((await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } })).url).toBe('http://127.0.0.1:9/hook');
      expect(await counts()).toEqual(before);
    });

    it('loopback and private networks where WEBHOOK_ALLOW_PRIVATE_NETWORKS is not set', async () => {
      const strict = await startTestApi({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' });
      try {
        const token = await strict.adminToken();
        const before = await counts();
        for (const [url, message] of [
          ['http://127.0.0.1:8080/hook', '127.0.0.1 is a loopback address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true'],
          ['http://localhost:8080/hook', 'url host localhost is refused'],
          ['http://10.0.0.7/hook', '10.0.0.7 is a private network address'],
          ['http://192.168.1.20/hook', '192.168.1.20 is a private network address'],
          ['http://[64:ff9b::a00:7]/hook', '64:ff9b::a00:7 (10.0.0.7 in NAT64 form) is a private network address'],
          ['http://[64:ff9b::7f00:1]:8080/hook', '64:ff9b::7f00:1 (127.0.0.1 in NAT64 form) is a loopback address'],
          ['http://[2002:a00:7::]/hook', '2002:a00:7:: (10.0.0.7 in 6to4 form) is a private network address'],
        ]) {
          const r = await strict.request('POST', '/v1/webhooks', { token, body: { url, events: ['kill.created'] } });
          expect([r.status, r.body.code, r.body.message]).toEqual([400, 'invalid_input', expect.stringContaining(message)]);
        }
        expect(await counts()).toEqual(before);
      } finally {
        await strict.close();
      }
    });
  });

  it('lets only admins manage webhooks; auditors read deliveries', async () => {
    const sub = await subscribe('http://127.0.0.1:9/hook', ['kill.created']);
    const auditor = (await api.userWith('auditor')).token;
    const before = await counts();
    expect((await api.request('POST', '/v1/webhooks', { token: responder, body: { url: 'http://127.0.0.1:9/x', events: ['kill.created'] } })).status).toBe(403);
    expect((await api.request('PATCH', `/v1/webhooks/${sub.id}`, { token: responder, body: { enabled: false } })).status).toBe(403);
    expect((await api.request('POST', `/v1/webhooks/${sub.id}/test`, { token: auditor })).status).toBe(403);
    expect((await api.request('GET', '/v1/webhooks', { token: auditor })).status).toBe(403);
    expect((await api.request('GET', `/v1/webhooks/${sub.id}/deliveries`, { token: auditor })).status).toBe(200);
    expect((await api.request('GET', `/v1/webhooks/${sub.id}/deliveries`, { token: responder })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  describe('a subscription failing for the whole retry window', () => {
    @Module({})
    class ShortWindow {}
    let attempts: WebhookAttemptsService;
    let context: INestApplicationContext;

    beforeAll(async () => {
      // The worker's delivery service on its own, with a 1 s window: no queue consumer of its own.
      const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', WEBHOOK_RETRY_WINDOW_SEC: '1' });
      const module: DynamicModule = { module: ShortWindow, imports: [ConfigModule.forRoot(config), DbModule, QueueModule, AuditModule, WebhooksWorkerModule] };
      context = await NestFactory.createApplicationContext(module, { logger: false });
      attempts = context.get(WebhookAttemptsService, { strict: false });
    });
    afterAll(() => context.close());

    it('is disabled, audited, and announced to the admins by a webhook.disabled event', async () => {
      const failing = await receiver();
      failing.answer = () => ({ status: 503 });
      const admins = await receiver();
      const sub = await subscribe(failing.url, ['audit.verify_failed']);
      await subscribe(admins.url, ['webhook.disabled']);
      // It has failed for longer than the window; the next failure disables it.
      await prisma.webhookSubscription.update({ where: { id: sub.id }, data: { failingSince: new Date(Date.now() - 5_000) } });
      const delivery = await prisma.webhookDelivery.create({
        data: { subscriptionId: sub.id, webhookId: 'msg_window-test', eventType: 'audit.verify_failed', body: '{}', contentType: 'application/json' },
      });

      await expect(attempts.deliver(delivery.id, { attemptsMade: 0 })).rejects.toThrow('receiver answered 503');

      const disabled = await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } });
      expect(disabled.enabled).toBe(false);
      expect(disabled.disabledReason).toMatch(/^every delivery failed for 1 s \(since .*\); last: receiver answered 503$/);
      const entry = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'webhook.disabled', targetId: sub.id } });
      expect(entry).toMatchObject({ actor: 'system:webhooks', outcome: 'ok' });
      const [told] = await eventually(() => {
        const got = admins.matching((b) => b.type === 'dev.killswitch.webhook.disabled' && b.subject === `webhooks/${sub.id}`);
        return got.length > 0 && got;
      });
      expect(JSON.parse(told.body).data).toMatchObject({ subscriptionId: sub.id, host: `127.0.0.1:${failing.port}` });

      // Nothing more is sent to it until an admin enables it again.
      const retry = await api.request('POST', `/v1/webhooks/${sub.id}/deliveries/${delivery.id}/retry`, { token: admin });
      expect(retry.status).toBe(409);
      expect(retry.body.message).toContain('enable it (PATCH enabled: true)');
    });
  });

  describe("a person's retry", () => {
    beforeAll(async () => {
      // This worker retries a failed attempt only after minutes: what a receiver gets after the first attempt is what the retries send.
      worker = await harness.restartWorker({ WEBHOOK_RETRY_BASE_MS: '600000' });
    });
    afterAll(async () => {
      worker = await harness.restartWorker();
    });

    const retryUrl = (subscriptionId: string, deliveryId: string) => `/v1/webhooks/${subscriptionId}/deliveries/${deliveryId}/retry`;
    /** The jobs BullMQ holds for this delivery that are still to run or running, whatever their name or id, with their state. */
    const liveJobs = async (deliveryId: string) => {
      const queue = worker.get(QueueService, { strict: false }).queueOf('webhook.deliver');
      const jobs = await queue.getJobs(['active', 'wait', 'delayed', 'prioritized', 'waiting-children']);
      const mine = jobs.filter((j) => (j?.data as { deliveryId?: string } | undefined)?.deliveryId === deliveryId);
      return Promise.all(mine.map(async (j) => ({ name: j.name, state: await j.getState() })));
    };
    /** Every ask relayed and acted on: nothing for this delivery waits in the outbox, nor in the queue but scheduled retries. */
    const settled = async (deliveryId: string) => {
      const unrelayed = await prisma.outboxMessage.count({
        where: { topic: 'webhook.delivery-requested', dispatchedAt: null, payload: { path: ['deliveryId'], equals: deliveryId } },
      });
      const jobs = await liveJobs(deliveryId);
      return unrelayed === 0 && jobs.every((j) => j.state === 'delayed') && jobs;
    };
    /**
     * Clicks Retry `times` at once while the worker takes no webhook job (its queue paused): every ask is in before the
     * worker acts on the first, however slowly the requests run on a busy machine.
     */
    const clickAtOnce = async (times: number, subscriptionId: string, deliveryId: string) => {
      const queue = worker.get(QueueService, { strict: false }).queueOf('webhook.retry');
      await queue.pause();
      try {
        return await Promise.all(Array.from({ length: times }, () => api.request('POST', retryUrl(subscriptionId, deliveryId), { token: admin })));
      } finally {
        await queue.resume();
      }
    };
    const deliveryRow = (id: string) => prisma.webhookDelivery.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { attempt: 'asc' } } } });
    /** A test delivery to a receiver that answers 500, after its first attempt: pending, its next try minutes away. */
    const failingDelivery = async () => {
      const r = await receiver();
      r.answer = () => ({ status: 500 });
      const sub = await subscribe(r.url, ['kill.created']);
      const test = await api.request('POST', `/v1/webhooks/${sub.id}/test`, { token: admin });
      expect(test.status).toBe(201);
      const delivery = test.body as Delivery;
      await eventually(async () => {
        const row = await deliveryRow(delivery.id);
        return row.attempts.length === 1 && row.nextRetryAt !== null && (await settled(delivery.id));
      });
      const sent = () => r.received.filter((q) => q.headers['webhook-id'] === delivery.webhookId).length;
      return { r, sub, delivery, sent };
    };

    it('sends a delivery still being retried once more now, however many ask at once, and keeps it to one retry schedule', async () => {
      const { sub, delivery, sent } = await failingDelivery();
      expect(sent()).toBe(1);

      const clicks = await clickAtOnce(6, sub.id, delivery.id);
      expect(clicks.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200]);
      await eventually(async () => (await deliveryRow(delivery.id)).attempts.length >= 2 && (await settled(delivery.id)));
      // One extra attempt, and still one chain of retries (one scheduled job), not one more a click.
      expect(sent()).toBe(2);
      expect(await liveJobs(delivery.id)).toEqual([{ name: 'webhook.deliver', state: 'delayed' }]);
      const row = await deliveryRow(delivery.id);
      expect(row).toMatchObject({ state: 'pending', attemptCount: 2, retryRequestedAt: null, attemptStartedAt: null });
      expect(row.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
        [1, 500],
        [2, 500],
      ]);
      expect(row.nextRetryAt).not.toBeNull();
      // Every ask is audited, the ones that joined an earlier ask too.
      const audited = await prisma.auditEntry.findMany({ where: { action: 'webhook.retry', targetId: sub.id } });
      expect(audited).toHaveLength(6);
      expect(audited.filter((e) => (e.after as { joined?: boolean } | null)?.joined === false)).toHaveLength(1);

      // A later ask, once the first was acted on, is one more attempt of the same chain.
      expect((await api.request('POST', retryUrl(sub.id, delivery.id), { token: admin })).status).toBe(200);
      await eventually(async () => (await deliveryRow(delivery.id)).attempts.length >= 3 && (await settled(delivery.id)));
      expect(sent()).toBe(3);
      expect(await liveJobs(delivery.id)).toEqual([{ name: 'webhook.deliver', state: 'delayed' }]);
    });

    it('starts a given-up delivery again on request (one attempt once its window is over), several asks at once making one', async () => {
      const { r, sub, delivery, sent } = await failingDelivery();
      // Older than the retry window: the next failed attempt gives it up.
      await prisma.webhookDelivery.update({ where: { id: delivery.id }, data: { createdAt: new Date(Date.now() - 2 * 86_400_000) } });
      expect((await api.request('POST', retryUrl(sub.id, delivery.id), { token: admin })).status).toBe(200);
      await eventually(async () => (await deliveryRow(delivery.id)).state === 'failed' && (await settled(delivery.id)));
      expect(sent()).toBe(2);
      expect(await liveJobs(delivery.id)).toEqual([]);

      const clicks = await clickAtOnce(3, sub.id, delivery.id);
      expect(clicks.map((c) => [c.status, c.body.state])).toEqual([
        [200, 'pending'],
        [200, 'pending'],
        [200, 'pending'],
      ]);
      await eventually(async () => (await deliveryRow(delivery.id)).state === 'failed' && (await settled(delivery.id)));
      expect(sent()).toBe(3);
      expect((await deliveryRow(delivery.id)).attempts.at(-1)).toMatchObject({ attempt: 3, statusCode: 500, nextRetryAt: null });

      // The receiver is fixed: the next retry delivers it.
      r.answer = () => ({ status: 204 });
      expect((await api.request('POST', retryUrl(sub.id, delivery.id), { token: admin })).status).toBe(200);
      await eventually(async () => (await deliveryRow(delivery.id)).state === 'succeeded' && (await settled(delivery.id)));
      expect(sent()).toBe(4);
      expect(await liveJobs(delivery.id)).toEqual([]);
    });

    it('never runs two attempts at one delivery at once: the second waits for its turn', async () => {
      const r = await receiver();
      r.answer = () => 'hang';
      const sub = await subscribe(r.url, ['audit.verify_failed']);
      // No job of its own: the attempts below are the only ones.
      const delivery = await prisma.webhookDelivery.create({
        data: { subscriptionId: sub.id, webhookId: `msg_${sub.id}`, eventType: 'audit.verify_failed', body: '{}', contentType: 'application/json' },
      });
      const attempts = worker.get(WebhookAttemptsService, { strict: false });
      const [first, second] = await Promise.allSettled([
        attempts.deliver(delivery.id, { attemptsMade: 0 }),
        attempts.deliver(delivery.id, { attemptsMade: 0 }),
      ]);
      const reasons = [first, second].map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'sent'));
      expect(reasons).toEqual(
        expect.arrayContaining([expect.stringMatching(/no answer within \d+ ms$/), expect.stringContaining('another attempt at it is under way')]),
      );
      expect(r.received).toHaveLength(1);
      expect(await deliveryRow(delivery.id)).toMatchObject({ attemptCount: 1, attemptStartedAt: null, attempts: [expect.objectContaining({ attempt: 1 })] });

      // Its turn comes once the first is over.
      r.answer = () => ({ status: 204 });
      await attempts.deliver(delivery.id, { attemptsMade: 1 });
      expect(await deliveryRow(delivery.id)).toMatchObject({ state: 'succeeded', attemptCount: 2, attemptStartedAt: null });
    });
  });
});
