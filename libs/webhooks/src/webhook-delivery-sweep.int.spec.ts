// The sweep of webhook deliveries whose job is gone, against the real database and queue: what it leaves alone (a paused
// queue, a retry waiting in its backoff) and what it runs again (a finished job whose delivery is still pending).
// test/webhook-redis-loss.spec.ts has it finding a delivery whose job a Redis restart lost, with real processes.
import { Queue } from 'bullmq';
import { QueueService, webhookDeliveryJobId } from '@killswitch/queue';
import { eventually } from '../../../test/support/eventually';
import { WebhookReceiver } from '../../../test/support/webhook-receiver';
import { WebhooksHarness, startWebhooksHarness } from '../../../test/support/webhooks-harness';
import { WebhookDeliverySweep } from './webhook-delivery-sweep';

describe(WebhookDeliverySweep.name, () => {
  let harness: WebhooksHarness;

  beforeAll(async () => {
    // The worker's own sweep waits an hour and no retry comes on its own within the test: each sweep here is the test's,
    // and "overdue" is reached by setting a delivery's times an hour and more back.
    harness = await startWebhooksHarness({ WEBHOOK_SWEEP_SEC: '3600', WEBHOOK_RETRY_BASE_MS: '600000' });
  });
  afterEach(async () => {
    await queue().resume();
    await harness.cleanUp();
  });
  afterAll(() => harness?.close());

  const queue = (): Queue => harness.worker.get(QueueService, { strict: false }).queueOf('webhook.deliver');
  const sweep = () => harness.worker.get(WebhookDeliverySweep, { strict: false }).sweep();
  const jobOf = (deliveryId: string) => queue().getJob(webhookDeliveryJobId(deliveryId));
  const deliveryRow = (id: string) =>
    harness.prisma.webhookDelivery.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { attempt: 'asc' } } } });
  /** As if the delivery had been due for two hours. */
  const dueLongAgo = (id: string) =>
    harness.prisma.$executeRaw`UPDATE webhook_deliveries SET "updatedAt" = now() - interval '2 hours',
      "nextRetryAt" = CASE WHEN "nextRetryAt" IS NULL THEN NULL ELSE now() - interval '2 hours' END WHERE id = ${id}::uuid`;
  const testSend = async (receiver: WebhookReceiver) => {
    const { id: subscriptionId } = await harness.subscribe(receiver.url, ['kill.created']);
    const sent = await harness.api.request('POST', `/v1/webhooks/${subscriptionId}/test`, { token: harness.admin });
    expect(sent.status).toBe(201);
    const { id, webhookId } = sent.body as { id: string; webhookId: string };
    return { id, received: () => receiver.received.filter((r) => r.headers['webhook-id'] === webhookId) };
  };

  it('queues nothing while the webhooks queue is paused; a delivery whose job is gone is queued again once it is resumed', async () => {
    const receiver = await harness.receiver();
    await queue().pause();
    const delivery = await testSend(receiver);
    // Relayed to the paused queue, then lost from it.
    const job = await eventually(() => jobOf(delivery.id));
    await job.remove();
    await dueLongAgo(delivery.id);

    expect(await sweep()).toEqual([]);
    expect(await sweep()).toEqual([]);
    expect(await jobOf(delivery.id)).toBeUndefined();
    expect(await deliveryRow(delivery.id)).toMatchObject({ state: 'pending', attemptCount: 0 });

    await queue().resume();
    // A sweep reads a batch at a time, oldest first: other files' overdue deliveries may come before this one.
    await eventually(async () => (await sweep()).includes(delivery.id));
    await eventually(async () => (await deliveryRow(delivery.id)).state === 'succeeded', 15_000);
    expect(await sweep()).not.toContain(delivery.id);
    expect(delivery.received()).toHaveLength(1);
    expect((await deliveryRow(delivery.id)).attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 204]]);
  }, 60_000);

  it('runs again a finished job whose delivery is pending again (a retry ask lost with its job), once', async () => {
    const receiver = await harness.receiver();
    const delivery = await testSend(receiver);
    await eventually(async () => (await deliveryRow(delivery.id)).state === 'succeeded', 15_000);
    await eventually(async () => (await (await jobOf(delivery.id))?.getState()) === 'completed');
    // What an ask leaves when the job that acts on it is gone: pending, no retry time, nothing in the queue to send it.
    await harness.prisma.$executeRaw`UPDATE webhook_deliveries SET state = 'pending', "nextRetryAt" = NULL WHERE id = ${delivery.id}::uuid`;
    await dueLongAgo(delivery.id);

    // A sweep reads a batch at a time, oldest first: other files' overdue deliveries may come before this one.
    await eventually(async () => (await sweep()).includes(delivery.id));
    await eventually(async () => (await deliveryRow(delivery.id)).state === 'succeeded', 15_000);
    expect(await sweep()).not.toContain(delivery.id);
    expect(delivery.received()).toHaveLength(2);
    expect((await deliveryRow(delivery.id)).attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 204],
      [2, 204],
    ]);
  }, 60_000);

  it('leaves a retry waiting in its backoff alone, however late: its job is delayed, not promoted', async () => {
    const receiver = await harness.receiver();
    receiver.answer = () => ({ status: 503 });
    const delivery = await testSend(receiver);
    await eventually(async () => (await deliveryRow(delivery.id)).attempts.length === 1, 15_000);
    await eventually(async () => (await (await jobOf(delivery.id))?.getState()) === 'delayed');
    await dueLongAgo(delivery.id);

    expect(await sweep()).not.toContain(delivery.id);
    expect(await (await jobOf(delivery.id))?.getState()).toBe('delayed');
    expect(delivery.received()).toHaveLength(1);
    expect(await deliveryRow(delivery.id)).toMatchObject({ state: 'pending', attemptCount: 1 });
  }, 60_000);
});
