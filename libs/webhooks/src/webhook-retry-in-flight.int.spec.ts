// A person's retry asked for while an attempt at the delivery is under way (sent, its answer awaited): end to end,
// with the API, the worker and a receiver that holds each request until the test answers it.
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { PrismaClient } from '@killswitch/db';
import { QueueService } from '@killswitch/queue';
import { TestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { Answer, WebhookReceiver } from '../../../test/support/webhook-receiver';
import { WebhooksHarness, startWebhooksHarness } from '../../../test/support/webhooks-harness';
import { WebhookAttemptsService } from './webhook-attempts.service';

/** Holds every request a receiver gets until the test answers it (oldest first), and notes when each came and went. */
class HeldRequests {
  readonly arrivedAt: number[] = [];
  readonly answeredAt: number[] = [];
  mostAtOnce = 0;
  /** Once set, the requests that come later get it at once. */
  thereafter?: Answer;
  private readonly waiting: ((answer: Answer) => void)[] = [];

  constructor(receiver: WebhookReceiver) {
    receiver.answer = () => {
      this.arrivedAt.push(Date.now());
      if (this.thereafter) return this.thereafter;
      this.mostAtOnce = Math.max(this.mostAtOnce, this.waiting.length + 1);
      return new Promise<Answer>((resolve) => this.waiting.push(resolve));
    };
  }

  answer(answer: Answer): void {
    const next = this.waiting.shift();
    if (!next) throw new Error('no request is held');
    this.answeredAt.push(Date.now());
    next(answer);
  }
}

describe(`${WebhookAttemptsService.name}: a retry asked for during an attempt`, () => {
  let harness: WebhooksHarness;
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let admin: string;

  beforeAll(async () => {
    // Retries on their own only after ten minutes, and a receiver may take 20 s: every attempt seen here is one asked for.
    harness = await startWebhooksHarness({ WEBHOOK_RETRY_BASE_MS: '600000', WEBHOOK_TIMEOUT_MS: '20000' });
    ({ api, worker, prisma, admin } = harness);
  });
  afterEach(() => harness.cleanUp());
  afterAll(() => harness?.close());

  const webhooksQueue = () => worker.get(QueueService, { strict: false }).queueOf('webhook.retry');
  const ask = async (subscriptionId: string, deliveryId: string) =>
    api.request('POST', `/v1/webhooks/${subscriptionId}/deliveries/${deliveryId}/retry`, { token: admin });
  const deliveryRow = (id: string) => prisma.webhookDelivery.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { attempt: 'asc' } } } });
  /** The jobs BullMQ holds for this delivery that are still to run or running, whatever their name, with their state. */
  const liveJobs = async (deliveryId: string) => {
    const jobs = await webhooksQueue().getJobs(['active', 'wait', 'delayed', 'prioritized', 'waiting-children']);
    const mine = jobs.filter((j) => (j?.data as { deliveryId?: string } | undefined)?.deliveryId === deliveryId);
    return Promise.all(mine.map(async (j) => ({ name: j.name, state: await j.getState() })));
  };
  const unrelayed = (deliveryId: string) =>
    prisma.outboxMessage.count({ where: { topic: 'webhook.delivery-requested', dispatchedAt: null, payload: { path: ['deliveryId'], equals: deliveryId } } });
  /** Every ask relayed and its webhook.retry job over. */
  const asksActedOn = async (deliveryId: string) =>
    (await unrelayed(deliveryId)) === 0 && (await liveJobs(deliveryId)).every((j) => j.name !== 'webhook.retry');
  /** Every ask acted on, and nothing for this delivery left to run but a scheduled retry. */
  const settled = async (deliveryId: string) => (await asksActedOn(deliveryId)) && (await liveJobs(deliveryId)).every((j) => j.state === 'delayed');
  /** Runs `during` while the worker takes no new webhook job: an ask made then is acted on only after it. */
  const withQueuePaused = async <T>(during: () => Promise<T>) => {
    await webhooksQueue().pause();
    try {
      return await during();
    } finally {
      await webhooksQueue().resume();
    }
  };

  /**
   * A delivery whose first attempt is under way, its request held by the receiver until the test answers it: a test send,
   * or, made `createdAt`, one sent first by a person's retry.
   */
  const deliveryUnderWay = async (createdAt?: Date) => {
    const r = await harness.receiver();
    const held = new HeldRequests(r);
    const sub = await harness.subscribe(r.url, ['kill.created']);
    let delivery: { id: string };
    if (createdAt) {
      delivery = await prisma.webhookDelivery.create({
        data: { subscriptionId: sub.id, webhookId: `msg_${randomUUID()}`, eventType: 'webhook.test', body: '{}', contentType: 'application/json', createdAt },
      });
      expect((await ask(sub.id, delivery.id)).status).toBe(200);
    } else {
      const test = await api.request('POST', `/v1/webhooks/${sub.id}/test`, { token: admin });
      expect(test.status).toBe(201);
      delivery = test.body as { id: string };
    }
    await eventually(() => held.arrivedAt.length === 1);
    expect(await deliveryRow(delivery.id)).toMatchObject({ attemptStartedAt: expect.any(Date), retryRequestedAt: null });
    return { sub, delivery, held, sent: () => r.received.length };
  };

  it.each([
    ['acted on while it runs', false],
    ['acted on only after it ended', true],
  ])('makes exactly one more attempt, right after the one under way, when that one fails (the ask %s)', async (_, actLate) => {
    const { sub, delivery, held, sent } = await deliveryUnderWay();

    if (actLate) {
      await withQueuePaused(async () => {
        expect((await ask(sub.id, delivery.id)).status).toBe(200);
        await eventually(async () => (await unrelayed(delivery.id)) === 0);
        held.answer({ status: 500 });
        await eventually(async () => (await deliveryRow(delivery.id)).attempts.length === 1);
      });
    } else {
      expect((await ask(sub.id, delivery.id)).status).toBe(200);
      await eventually(() => asksActedOn(delivery.id));
      expect((await deliveryRow(delivery.id)).retryRequestedAt).not.toBeNull();
      held.answer({ status: 500 });
    }

    await eventually(() => held.arrivedAt.length === 2, 10_000);
    held.answer({ status: 500 });
    await eventually(async () => (await deliveryRow(delivery.id)).attempts.length === 2 && (await settled(delivery.id)));
    expect(sent()).toBe(2);
    // Never two at once: the second came after the first was answered.
    expect(held.mostAtOnce).toBe(1);
    expect(held.arrivedAt[1]).toBeGreaterThanOrEqual(held.answeredAt[0]);
    const row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ state: 'pending', attemptCount: 2, retryRequestedAt: null, attemptStartedAt: null });
    expect(row.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
    ]);
    // The chain goes on from there with its backoff: one scheduled retry, minutes away.
    expect(await liveJobs(delivery.id)).toEqual([{ name: 'webhook.deliver', state: 'delayed' }]);
    expect(row.nextRetryAt?.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  it('makes no more attempt when the one under way delivers it: the success answers the ask, and a later ask sends it again', async () => {
    const { sub, delivery, held, sent } = await deliveryUnderWay();
    held.thereafter = { status: 204 };

    // The ask is acted on only once the attempt has delivered it, and another is made then.
    await withQueuePaused(async () => {
      expect((await ask(sub.id, delivery.id)).status).toBe(200);
      await eventually(async () => (await unrelayed(delivery.id)) === 0);
      held.answer({ status: 204 });
      await eventually(async () => (await deliveryRow(delivery.id)).state === 'succeeded');
      // Answered by the success: a delivered delivery needs no retry, and no later ask joins this one.
      expect(await deliveryRow(delivery.id)).toMatchObject({ state: 'succeeded', attemptCount: 1, retryRequestedAt: null, attemptStartedAt: null });
      const later = await ask(sub.id, delivery.id);
      expect([later.status, later.body.state]).toEqual([200, 'pending']);
    });

    // The later ask, made once it was delivered, sends it once more; the first one sends nothing.
    await eventually(async () => (await deliveryRow(delivery.id)).attemptCount === 2 && (await settled(delivery.id)));
    expect(sent()).toBe(2);
    expect(await liveJobs(delivery.id)).toEqual([]);
    expect(await deliveryRow(delivery.id)).toMatchObject({ state: 'succeeded', retryRequestedAt: null, attemptStartedAt: null });
    const audited = await prisma.auditEntry.findMany({ where: { action: 'webhook.retry', targetId: sub.id } });
    expect(audited.map((e) => (e.after as { joined?: boolean } | null)?.joined)).toEqual([false, false]);
  });

  it('makes one more attempt for several asks at once during the attempt', async () => {
    const { sub, delivery, held, sent } = await deliveryUnderWay();

    const clicks = await Promise.all(Array.from({ length: 5 }, () => ask(sub.id, delivery.id)));
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
    await eventually(() => asksActedOn(delivery.id));
    held.answer({ status: 500 });

    await eventually(() => held.arrivedAt.length === 2, 10_000);
    held.answer({ status: 500 });
    await eventually(async () => (await deliveryRow(delivery.id)).attempts.length === 2 && (await settled(delivery.id)));
    expect(sent()).toBe(2);
    expect(held.mostAtOnce).toBe(1);
    expect(await liveJobs(delivery.id)).toEqual([{ name: 'webhook.deliver', state: 'delayed' }]);
    const audited = await prisma.auditEntry.findMany({ where: { action: 'webhook.retry', targetId: sub.id } });
    expect(audited).toHaveLength(5);
    expect(audited.filter((e) => (e.after as { joined?: boolean } | null)?.joined === false)).toHaveLength(1);
  });

  it('makes the one more attempt even when the one under way was the last of its retry window', async () => {
    // Older than the retry window: its failed attempts give it up, unless a retry was asked for during one.
    const { sub, delivery, held, sent } = await deliveryUnderWay(new Date(Date.now() - 2 * 86_400_000));
    expect((await ask(sub.id, delivery.id)).status).toBe(200);
    await eventually(() => asksActedOn(delivery.id));
    held.answer({ status: 500 });

    await eventually(() => held.arrivedAt.length === 2, 10_000);
    held.answer({ status: 500 });
    await eventually(async () => (await deliveryRow(delivery.id)).state === 'failed' && (await settled(delivery.id)));
    expect(sent()).toBe(2);
    expect(await liveJobs(delivery.id)).toEqual([]);
    const row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ attemptCount: 2, retryRequestedAt: null, attemptStartedAt: null });
    expect(row.attempts.map((a) => [a.attempt, a.statusCode, a.nextRetryAt === null])).toEqual([
      [1, 500, false],
      [2, 500, true],
    ]);
  });
});
