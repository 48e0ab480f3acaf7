// The sweep of webhook fan-outs whose job is gone, against the real database and queue: a kill's fan-out job lost from
// Redis (removed from a paused queue, as a restart of a Redis that keeps nothing on disk loses it) is queued again once
// the queue runs, and the receiver gets the kill exactly once; a fan-out that completed without marking its row (a
// worker of the release before) is marked, not run again; a delayed one is left alone.
import { Queue } from 'bullmq';
import { Jobs, QueueService, WEBHOOK_BACKOFF, webhookFanoutJobId } from '@killswitch/queue';
import { TestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { SeededVendor, enroll, killCamera, seedVendor } from '../../../test/support/fleet';
import { WebhookReceiver } from '../../../test/support/webhook-receiver';
import { WebhooksHarness, startWebhooksHarness } from '../../../test/support/webhooks-harness';
import { WebhookFanoutService } from './webhook-fanout.service';
import { WebhookFanoutSweep } from './webhook-fanout-sweep';
import { WebhookJobs } from './webhook-jobs';
import { webhookFanoutsRequeued } from './webhook-metrics';

describe(WebhookFanoutSweep.name, () => {
  let harness: WebhooksHarness;
  let api: TestApi;
  let responder: string;
  let v: SeededVendor;

  beforeAll(async () => {
    // The worker's own sweeps wait an hour: each sweep here is the test's, and "owed" is reached by setting an outbox
    // row's dispatch two hours back.
    harness = await startWebhooksHarness({ WEBHOOK_SWEEP_SEC: '3600' });
    api = harness.api;
    responder = (await api.userWith('responder')).token;
    v = await seedVendor(api);
    await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] });
  });
  afterEach(async () => {
    await queue().resume();
    await harness.cleanUp();
  });
  afterAll(() => harness?.close());

  const queue = (): Queue => harness.worker.get(QueueService, { strict: false }).queueOf('webhook.fanout');
  const sweep = () => harness.worker.get(WebhookFanoutSweep, { strict: false }).sweep();
  const kill = () => killCamera(api, responder, v);
  /** The kill's outbox row, once the relay has dispatched it. */
  const outboxRowOf = (killId: string) =>
    eventually(async () => {
      const [row] = await harness.prisma.$queryRaw<{ id: bigint; jobId: string; fannedOut: boolean }[]>`
        SELECT id, "jobId"::text AS "jobId", "webhooksFannedOutAt" IS NOT NULL AS "fannedOut" FROM outbox
        WHERE topic = 'kill.created' AND payload->>'killSwitchId' = ${killId} AND "dispatchedAt" IS NOT NULL`;
      return row;
    });
  const fannedOut = async (id: bigint) => {
    const [row] = await harness.prisma.$queryRaw<{ fannedOut: boolean }[]>`
      SELECT "webhooksFannedOutAt" IS NOT NULL AS "fannedOut" FROM outbox WHERE id = ${id}`;
    return row.fannedOut;
  };
  /** A test send's outbox row, once the relay has dispatched it. */
  const testSendRow = async (subscriptionId: string) => {
    const sent = await api.request('POST', `/v1/webhooks/${subscriptionId}/test`, { token: harness.admin });
    expect(sent.status).toBe(201);
    return eventually(async () => {
      const [row] = await harness.prisma.$queryRaw<{ id: bigint; jobId: string; fannedOut: boolean }[]>`
        SELECT id, "jobId"::text AS "jobId", "webhooksFannedOutAt" IS NOT NULL AS "fannedOut" FROM outbox
        WHERE topic = 'webhook.delivery-requested' AND payload->>'deliveryId' = ${(sent.body as { id: string }).id} AND "dispatchedAt" IS NOT NULL`;
      return row;
    });
  };
  /** As if the relay had handed the row over two hours ago. */
  const dispatchedLongAgo = (id: bigint) => harness.prisma.$executeRaw`UPDATE outbox SET "dispatchedAt" = now() - interval '2 hours' WHERE id = ${id}`;
  const abandonedCount = async () => (await webhookFanoutsRequeued.get()).values.find((v) => v.labels.outcome === 'abandoned')?.value ?? 0;
  const forKill = (r: WebhookReceiver, killId: string) => r.matching((b) => b.subject === `kill-switches/${killId}`);
  const deliveriesOf = (subscriptionId: string, jobId: string) => harness.prisma.webhookDelivery.count({ where: { subscriptionId, sourceEventId: jobId } });

  it('queues nothing while the webhooks queue is paused; a fan-out whose job is gone is queued again once it is resumed, and sent once', async () => {
    const receiver = await harness.receiver();
    const { id: subscriptionId } = await harness.subscribe(receiver.url, ['kill.created']);
    await queue().pause();
    const killId = await kill();
    const row = await outboxRowOf(killId);
    // Relayed to the paused queue, then lost from it.
    const job = await eventually(() => queue().getJob(webhookFanoutJobId(row.jobId)));
    await job.remove();
    await dispatchedLongAgo(row.id);

    expect(await sweep()).toEqual([]);
    expect(await queue().getJob(webhookFanoutJobId(row.jobId))).toBeUndefined();
    expect(await fannedOut(row.id)).toBe(false);
    expect(await deliveriesOf(subscriptionId, row.jobId)).toBe(0);

    await queue().resume();
    // A sweep reads a batch at a time, oldest first: other files' owed fan-outs may come before this one.
    await eventually(async () => (await sweep()).includes(row.jobId));
    await eventually(() => fannedOut(row.id), 15_000);
    await eventually(() => forKill(receiver, killId).length === 1, 15_000);
    expect(await sweep()).not.toContain(row.jobId);
    expect(await deliveriesOf(subscriptionId, row.jobId)).toBe(1);
    expect(forKill(receiver, killId)).toHaveLength(1);
  }, 60_000);

  it('marks, and does not run again, a fan-out that completed without marking its row (a worker of the release before)', async () => {
    const receiver = await harness.receiver();
    const { id: subscriptionId } = await harness.subscribe(receiver.url, ['kill.created']);
    const killId = await kill();
    const row = await outboxRowOf(killId);
    await eventually(() => fannedOut(row.id), 15_000);
    await eventually(() => forKill(receiver, killId).length === 1, 15_000);
    await eventually(async () => (await (await queue().getJob(webhookFanoutJobId(row.jobId)))?.getState()) === 'completed');
    // What a fan-out of the release before the mark leaves: its deliveries made and queued, its row not marked.
    await harness.prisma.$executeRaw`UPDATE outbox SET "webhooksFannedOutAt" = NULL WHERE id = ${row.id}`;
    await dispatchedLongAgo(row.id);

    await eventually(async () => {
      expect(await sweep()).not.toContain(row.jobId);
      return fannedOut(row.id);
    });
    expect(await (await queue().getJob(webhookFanoutJobId(row.jobId)))?.getState()).toBe('completed');
    expect(await deliveriesOf(subscriptionId, row.jobId)).toBe(1);
    expect(forKill(receiver, killId)).toHaveLength(1);
  }, 60_000);

  it('marks the row of a job an earlier release queued (no outboxId), found by its job id', async () => {
    const receiver = await harness.receiver();
    const { id: subscriptionId } = await harness.subscribe(receiver.url, ['kill.created']);
    await queue().pause();
    const row = await outboxRowOf(await kill());
    const job = await eventually(() => queue().getJob(webhookFanoutJobId(row.jobId)));
    await job.remove();
    const { eventId, event, occurredAt } = job.data as Jobs['webhook.fanout'];

    await harness.worker.get(WebhookFanoutService, { strict: false }).fanOut({ eventId, event, occurredAt });
    expect(await fannedOut(row.id)).toBe(true);
    expect(await deliveriesOf(subscriptionId, row.jobId)).toBe(1);
  }, 60_000);

  it('owes nothing for an event with no webhook fan-out: the relay marks a test send at once', async () => {
    const receiver = await harness.receiver();
    const { id: subscriptionId } = await harness.subscribe(receiver.url, ['kill.created']);
    const row = await testSendRow(subscriptionId);
    expect(row.fannedOut).toBe(true);
  }, 60_000);

  it('leaves alone a row already fanned out, and a fan-out still on its way (delayed in its backoff), unpromoted', async () => {
    const receiver = await harness.receiver();
    await harness.subscribe(receiver.url, ['kill.created']);
    const done = await outboxRowOf(await kill());
    await eventually(() => fannedOut(done.id), 15_000);
    await dispatchedLongAgo(done.id);
    expect(await sweep()).not.toContain(done.jobId);

    // A fan-out waiting out a retry's backoff: its one job is there, delayed.
    await queue().pause();
    const waiting = await outboxRowOf(await kill());
    try {
      const job = await eventually(() => queue().getJob(webhookFanoutJobId(waiting.jobId)));
      await job.remove();
      await queue().add(job.name, job.data, { jobId: webhookFanoutJobId(waiting.jobId), delay: 3_600_000 });
      await queue().resume();
      await dispatchedLongAgo(waiting.id);

      expect(await sweep()).not.toContain(waiting.jobId);
      expect(await (await queue().getJob(webhookFanoutJobId(waiting.jobId)))?.getState()).toBe('delayed');
      expect(await fannedOut(waiting.id)).toBe(false);
    } finally {
      // Nothing left owed for the test files after this one, nor for this test's retry.
      await (await queue().getJob(webhookFanoutJobId(waiting.jobId)))?.remove();
      await harness.prisma.$executeRaw`UPDATE outbox SET "webhooksFannedOutAt" = now() WHERE id = ${waiting.id}`;
    }
  }, 60_000);

  it('gives up, logged and counted, a fan-out still owed a whole retry window after dispatch', async () => {
    const receiver = await harness.receiver();
    const { id: subscriptionId } = await harness.subscribe(receiver.url, ['kill.created']);
    await queue().pause();
    const row = await outboxRowOf(await kill());
    await (await eventually(() => queue().getJob(webhookFanoutJobId(row.jobId)))).remove();
    await queue().resume();
    // Past the default WEBHOOK_RETRY_WINDOW_SEC (a day).
    await harness.prisma.$executeRaw`UPDATE outbox SET "dispatchedAt" = now() - interval '25 hours' WHERE id = ${row.id}`;
    const before = await abandonedCount();

    expect(await sweep()).not.toContain(row.jobId);
    expect(await fannedOut(row.id)).toBe(true);
    expect(await abandonedCount()).toBe(before + 1);
    expect(await queue().getJob(webhookFanoutJobId(row.jobId))).toBeUndefined();
    expect(await deliveriesOf(subscriptionId, row.jobId)).toBe(0);
  }, 60_000);

  it('a fan-out job retried past the retry window sends nothing and gives its row up, once; one within it runs even on a row marked at the epoch', async () => {
    const receiver = await harness.receiver();
    const { id: subscriptionId } = await harness.subscribe(receiver.url, ['kill.created']);
    const fanout = harness.worker.get(WebhookFanoutService, { strict: false });
    await queue().pause();
    const late = await outboxRowOf(await kill());
    const lateJob = await eventually(() => queue().getJob(webhookFanoutJobId(late.jobId)));
    await lateJob.remove();
    // Its event's dispatch a day and an hour back (the default WEBHOOK_RETRY_WINDOW_SEC is a day), its job still retrying.
    await harness.prisma.$executeRaw`UPDATE outbox SET "dispatchedAt" = now() - interval '25 hours' WHERE id = ${late.id}`;
    const before = await abandonedCount();

    await fanout.fanOut(lateJob.data as Jobs['webhook.fanout']);
    expect(await fannedOut(late.id)).toBe(true);
    expect(await abandonedCount()).toBe(before + 1);
    expect(await deliveriesOf(subscriptionId, late.jobId)).toBe(0);
    // Its next retry, or the sweep after it: nothing sent, nothing counted again.
    await fanout.fanOut(lateJob.data as Jobs['webhook.fanout']);
    expect(await sweep()).not.toContain(late.jobId);
    expect(await abandonedCount()).toBe(before + 1);
    expect(await deliveriesOf(subscriptionId, late.jobId)).toBe(0);

    // A job queued before the release that marked every older row at the epoch, run after it: it is not given up.
    const early = await outboxRowOf(await kill());
    const earlyJob = await eventually(() => queue().getJob(webhookFanoutJobId(early.jobId)));
    await earlyJob.remove();
    await harness.prisma.$executeRaw`UPDATE outbox SET "webhooksFannedOutAt" = 'epoch' WHERE id = ${early.id}`;
    await fanout.fanOut(earlyJob.data as Jobs['webhook.fanout']);
    expect(await deliveriesOf(subscriptionId, early.jobId)).toBe(1);
    expect(await abandonedCount()).toBe(before + 1);
  }, 60_000);

  it('marks, queueing no fan-out, a test send that a relay of the release before dispatched unmarked', async () => {
    const receiver = await harness.receiver();
    const { id: subscriptionId } = await harness.subscribe(receiver.url, ['kill.created']);
    const row = await testSendRow(subscriptionId);
    await harness.prisma.$executeRaw`UPDATE outbox SET "webhooksFannedOutAt" = NULL WHERE id = ${row.id}`;
    await dispatchedLongAgo(row.id);

    await eventually(async () => {
      expect(await sweep()).not.toContain(row.jobId);
      return fannedOut(row.id);
    });
    expect(await queue().getJob(webhookFanoutJobId(row.jobId))).toBeUndefined();
  }, 60_000);

  it("the worker delays a failed fan-out job's retry by the fan-out's backoff, not the delivery's", async () => {
    const jobId = `fanout-backoff-test-${Date.now()}`;
    // A job the fan-out cannot run (its outbox key is not a number): it fails, and its retry is delayed by the backoff.
    const data = { eventId: '00000000-0000-7000-8000-000000000000', event: { name: 'kill.created', payload: {} }, outboxId: 'not-a-key' };
    await queue().add('webhook.fanout', data as unknown as Jobs['webhook.fanout'], { jobId });
    try {
      const delayed = await eventually(async () => {
        const job = await queue().getJob(jobId);
        return job && (await job.getState()) === 'delayed' && job.attemptsMade >= 1 ? job : undefined;
      }, 15_000);
      const backoff = harness.worker.get(WebhookJobs, { strict: false }).backoff[WEBHOOK_BACKOFF];
      expect(delayed.delay).toBe(backoff(delayed.attemptsMade, 'webhook.fanout'));
      expect(delayed.delay).toBeLessThanOrEqual(60_000);
      expect(delayed.delay).not.toBe(backoff(delayed.attemptsMade, 'webhook.deliver'));
    } finally {
      await (await queue().getJob(jobId))?.remove();
    }
  }, 60_000);

  it('retries a failed fan-out within a minute (it waits on the database), a delivery on the webhook backoff', () => {
    const backoff = harness.worker.get(WebhookJobs, { strict: false }).backoff[WEBHOOK_BACKOFF];
    expect([1, 2, 7, 50].map((n) => backoff(n, 'webhook.fanout'))).toEqual([1000, 2000, 60_000, 60_000]);
    expect(backoff(20, 'webhook.deliver')).toBeGreaterThan(60_000);
  });
});
